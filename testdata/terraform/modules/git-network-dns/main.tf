# git-network as it should be: the same wrapper with DNS hostnames on, the
# release that callers of git-network move from (pass_git_module.tf, and
# the existing stack of existing_fail_git_module.tf). It calls the
# private-network module next to it (a local source inside the fetched
# repository) and passes its inputs on. generate.sh puts
# testdata/terraform/modules in a local bare Git repository so that cases
# call this module by a git::file:// source (not a case itself).

variable "cidr" {
  type = string
}

variable "azs" {
  type = list(string)
}

variable "endpoints" {
  type = map(object({
    service     = string
    type        = optional(string, "Interface")
    private_dns = optional(bool, true)
  }))
}

module "network" {
  source               = "../private-network"
  cidr                 = var.cidr
  azs                  = var.azs
  enable_dns_hostnames = true
  single_route_table   = true
  endpoints            = var.endpoints
}

output "vpc_id" {
  value = module.network.vpc_id
}

output "private_subnet_ids" {
  value = module.network.private_subnet_ids
}
