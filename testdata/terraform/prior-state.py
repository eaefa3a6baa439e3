#!/usr/bin/env python3
"""Writes terraform.tfstate for an update-plan case: the state a `terraform
apply` of a clean configuration would leave, made offline.

Usage: testdata/terraform/prior-state.py CLEAN_DIR OUT_DIR [OUT_DIR ...]

CLEAN_DIR holds a configuration generate.sh can plan (main.tf with
"# beanlint:generate"). Nothing can be applied offline, so the state is built
from plans: a plan of new infrastructure gives every managed resource's
planned values; the values known only after apply get the values AWS would
assign (IDs with their type's prefix, derived from the resource address so
that they are stable, the account 123456789012, ARNs), the rest stay null.
That state is planned again: references to IDs now read the state, so the
values that depend on them (a subnet's vpc_id, a setting built with
join(",", ...)) become known; they are written back, and this repeats until
the state no longer changes. The result is written to OUT_DIR/terraform.tfstate
for each OUT_DIR (the clean variant and the variants that make a mistake
against the same existing stack); generate.sh then plans each OUT_DIR as an
update of that state.

Data sources are not written: Terraform reads them again when it plans. A
data source whose arguments are all known and whose dependencies have no
changes pending is read at plan time, through the AWS API, which offline
planning cannot reach; so the plans made here add default tags to every
resource (OVERRIDE), and a case planned against the state must change the
resources a data source depends on (the cases tag every resource). Needs terraform, the AWS
provider in /opt/tf-plugins (override with TF_PLUGIN_DIR) and generate.sh's
Git module repository when the configuration uses it.
"""
import copy, hashlib, json, os, shutil, subprocess, sys

PLUGINS = os.environ.get("TF_PLUGIN_DIR", "/opt/tf-plugins")
PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'
ACCOUNT = "123456789012"

# ID prefixes by resource type, as AWS assigns them.
PREFIX = {
    "aws_vpc": "vpc-", "aws_subnet": "subnet-", "aws_route_table": "rtb-",
    "aws_route_table_association": "rtbassoc-", "aws_security_group": "sg-",
    "aws_security_group_rule": "sgrule-", "aws_vpc_endpoint": "vpce-",
    "aws_internet_gateway": "igw-", "aws_nat_gateway": "nat-", "aws_eip": "eipalloc-",
    "aws_network_acl": "acl-", "aws_route": "r-",
    "aws_vpc_endpoint_route_table_association": "a-", "aws_vpc_endpoint_subnet_association": "a-",
    "aws_vpc_endpoint_security_group_association": "vpce-sg-",
    "aws_elastic_beanstalk_environment": "e-",
}
# Other values AWS assigns, by attribute name: a prefix for an ID, or a value.
ASSIGNED = {
    "main_route_table_id": "rtb-", "default_route_table_id": "rtb-",
    "default_security_group_id": "sg-", "default_network_acl_id": "acl-",
    "dhcp_options_id": "dopt-", "prefix_list_id": "pl-",
    "owner_id": ACCOUNT, "state": "available", "requester_managed": False,
    "dns_entry": [], "network_interface_ids": [], "cidr_blocks": [],
    # Optional and computed lists the configuration leaves to other
    # resources (rules, routes and associations as their own resources):
    # empty here, as the provider records them when it creates the resource.
    "route": [], "propagating_vgws": [], "ingress": [], "egress": [],
    "route_table_ids": [], "security_group_ids": [], "subnet_ids": [],
}


def fake(prefix, address, what=""):
    return prefix + hashlib.sha256((address + what).encode()).hexdigest()[:17]


def run(d, *args):
    subprocess.run(args, cwd=d, check=True, stdout=subprocess.PIPE,
                   env=dict(os.environ, TF_IN_AUTOMATION="1", TF_INPUT="0", CHECKPOINT_DISABLE="1"))


# OVERRIDE, while the state is made, tags every resource through the
# provider's default tags, so that each plan against the state updates them
# all and Terraform defers reading data sources to apply instead of reading
# them through the AWS API (see the module doc). The tag is not written to
# the state: tags_all is written as tags.
OVERRIDE = "zz_prior_state_override.tf"
OVERRIDE_TEXT = 'provider "aws" {\n  default_tags {\n    tags = { PriorState = "planning" }\n  }\n}\n'


def plan(d):
    run(d, "terraform", "plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=plan.out")
    out = subprocess.run(["terraform", "show", "-json", "plan.out"], cwd=d, check=True, stdout=subprocess.PIPE)
    return json.loads(out.stdout)


def fill(after, unknown, prior, rtype, address, region):
    """after with its unknown values (unknown: after_unknown) filled: from
    prior (the value in the previous state) when it had one, else as AWS
    assigns it; other unknown values stay null."""
    out = copy.deepcopy(after) if isinstance(after, dict) else {}
    if "tags_all" in out:  # see OVERRIDE: no default tags in the state
        out["tags_all"] = out.get("tags") or {}
    for k, u in (unknown or {}).items():
        if u is True:
            if rtype == "terraform_data" and k == "output":  # its input, once applied
                v = out.get("input")
                out[k] = v["value"] if isinstance(v, dict) else v
            elif prior and prior.get(k) is not None:
                out[k] = prior[k]
            elif k == "id":
                out[k] = fake(PREFIX.get(rtype, "id-"), address) if rtype != "aws_elastic_beanstalk_application" else out.get("name")
            elif k == "arn":
                out[k] = "arn:aws:%s:%s:%s:%s" % (rtype.split("_")[1], region, ACCOUNT, fake("", address))
            elif k == "tags_all":  # the provider's default_tags (none) and tags
                out[k] = out.get("tags") or {}
            elif k in ASSIGNED:
                v = ASSIGNED[k]
                out[k] = fake(v, address, k) if isinstance(v, str) and v.endswith("-") else v
            else:
                out[k] = None
        elif has_unknown(u):
            # Nested values unknown (a setting's value): keep the prior's
            # until a plan against the state knows them.
            if prior and prior.get(k) is not None:
                out[k] = prior[k]
    if rtype == "terraform_data":
        # Its input and output are of any type: the state holds them with
        # their type (strings in these cases).
        for k in ("input", "output"):
            if not isinstance(out.get(k), dict):
                out[k] = {"value": out.get(k), "type": "string"}
    return out


def has_unknown(u):
    if isinstance(u, dict):
        return any(has_unknown(v) for v in u.values())
    if isinstance(u, list):
        return any(has_unknown(v) for v in u)
    return u is True


def resources(module):
    for r in module.get("resources", []):
        yield r
    for c in module.get("child_modules", []):
        yield from resources(c)


def state_of(p, prior):
    """The state after applying plan p over the state prior (by address)."""
    region = "us-east-1"
    for r in p.get("configuration", {}).get("provider_config", {}).values():
        region = r.get("expressions", {}).get("region", {}).get("constant_value", region)
    changes = {c["address"]: c for c in p["resource_changes"]}
    groups = {}
    for r in resources(p["planned_values"]["root_module"]):
        if r["mode"] != "managed":
            continue
        c = changes[r["address"]]["change"]
        attrs = fill(c["after"], c["after_unknown"], prior.get(r["address"]), r["type"], r["address"], region)
        mod = module_of(r["address"])
        key = (mod, r["type"], r["name"], r.get("provider_name", ""))
        inst = {"schema_version": r["schema_version"], "attributes": attrs, "sensitive_attributes": []}
        if "index" in r:
            inst = {"index_key": r["index"], **inst}
        groups.setdefault(key, []).append(inst)
    out = []
    for (mod, rtype, name, provider), insts in sorted(groups.items()):
        # The AWS provider's, or another's (terraform_data: the builtin one).
        prov = PROVIDER if provider in ("", "registry.terraform.io/hashicorp/aws") else 'provider["%s"]' % provider
        res = {"mode": "managed", "type": rtype, "name": name, "provider": prov, "instances": insts}
        if mod:
            res = {"module": mod, **res}
        out.append(res)
    return out


def module_of(address):
    """The module path of a resource address: "module.a.module.b" of
    "module.a.module.b.aws_vpc.this[0]"."""
    parts, mod = address.split("."), []
    i = 0
    while i < len(parts) and parts[i] == "module":
        mod += parts[i : i + 2]
        i += 2
    # A module instance key holding dots is not used by these cases.
    return ".".join(mod)


def by_address(state):
    out = {}
    for res in state:
        prefix = (res["module"] + ".") if "module" in res else ""
        for inst in res["instances"]:
            idx = inst.get("index_key")
            addr = prefix + res["type"] + "." + res["name"]
            if idx is not None:
                addr += "[%s]" % (json.dumps(idx))
            out[addr] = inst["attributes"]
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    clean, outs = sys.argv[1], sys.argv[2:]
    tfstate = os.path.join(clean, "terraform.tfstate")
    if os.path.exists(tfstate):
        sys.exit(clean + " already holds terraform.tfstate: plan the clean configuration without one")
    try:
        with open(os.path.join(clean, OVERRIDE), "w") as f:
            f.write(OVERRIDE_TEXT)
        run(clean, "terraform", "init", "-plugin-dir=" + PLUGINS, "-input=false", "-no-color")
        state, prior = [], {}
        for _ in range(6):
            nxt = state_of(plan(clean), prior)
            if nxt == state:
                break
            state, prior = nxt, by_address(nxt)
            with open(tfstate, "w") as f:
                json.dump({"version": 4, "terraform_version": "1.11.4", "serial": 1,
                           "lineage": "00000000-0000-4000-8000-beanlint0000", "outputs": {}, "resources": state}, f)
        else:
            sys.exit("the state did not settle in 6 plans")
        for d in outs:
            with open(os.path.join(d, "terraform.tfstate"), "w") as f:
                json.dump({"version": 4, "terraform_version": "1.11.4", "serial": 1,
                           "lineage": "00000000-0000-4000-8000-beanlint0000", "outputs": {}, "resources": state}, f, indent=1, sort_keys=True)
                f.write("\n")
    finally:
        for p in (tfstate, os.path.join(clean, OVERRIDE), os.path.join(clean, "plan.out"), os.path.join(clean, ".terraform.lock.hcl")):
            if os.path.exists(p):
                os.remove(p)
        data = os.path.join(clean, ".terraform")
        keep = any(l.startswith("# beanlint:keep-modules") or l.startswith("# beanlint:registry-modules") for l in open(os.path.join(clean, "main.tf")))
        for name in os.listdir(data) if os.path.isdir(data) else []:
            if not (keep and name == "modules"):
                p = os.path.join(data, name)
                shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.remove(p)
        if not keep:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
