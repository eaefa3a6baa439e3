# A wrapper module as teams publish them in a Git repository: it calls the
# private-network module next to it (a local source inside the fetched
# repository) and passes its inputs on, but turns DNS hostnames off itself,
# a mistake in code that is not in the calling repository. generate.sh puts
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
  enable_dns_hostnames = false
  single_route_table   = true
  endpoints            = var.endpoints
}

output "vpc_id" {
  value = module.network.vpc_id
}

output "private_subnet_ids" {
  value = module.network.private_subnet_ids
}
