vpc_cidr = "10.0.0.0/16"
azs      = ["eu-west-1a", "eu-west-1b"]
subnets = {
  a = { cidr = "10.0.1.0/24", public = true }
  b = { cidr = "10.0.2.0/24", public = false }
}
count_n = 3
