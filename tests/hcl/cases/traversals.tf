# References, indexes, splats, calls and for expressions.
locals {
  attr      = var.cidr
  deep      = aws_vpc.main.ipv6_cidr_block_network_border_group
  index_num = aws_subnet.private[0].id
  index_str = aws_subnet.private["a"].id
  index_esc = m["a\"b\u00e9"]
  index_dyn = local.list[count.index]
  index_neg = local.list[-1]
  index_par = local.map[("k")]
  index_tpl = local.map["${var.k}-x"]
  index_nl  = local.list[
    1
  ]
  legacy    = aws_instance.web.0.private_ip
  legacy2   = x.1.y.2
  full      = aws_subnet.private[*].id
  full_idx  = aws_subnet.private[*].ipv6_cidr_blocks[0]
  full_nest = a[*].b[*].c
  full_bare = var.list[*]
  attr_spl  = aws_subnet.private.*.id
  attr_idx  = aws_subnet.private.*.ids[0]
  attr_leg  = var.list.*.a.0.b
  attr_bare = var.list.*
  splat_in  = [for s in var.x : s][*].id
  after_call = lookup(var.m, "k")[0].cidr
  after_tpl  = "abc"[0]
  after_tup  = [1, 2][1]
  after_obj  = { a = 1 }.a
  call0     = timestamp()
  call1     = cidrsubnet(var.cidr, 8, 1)
  call_trail = cidrsubnets(
    var.cidr,
    4,
    4,
  )
  call_exp  = max(var.list...)
  call_exp2 = concat(local.a, local.b...)
  call_ns   = provider::aws::arn_parse(var.arn)
  call_ns2  = core::join("-", ["a", "b"])
  call_nest = flatten([for k, v in var.m : [for s in v : { k = k, s = s }]])
  for_t     = [for x in var.list : x * 2]
  for_tk    = [for i, x in var.list : "${i}:${x}" if i > 0]
  for_o     = { for k, v in var.map : k => v.cidr }
  for_og    = { for s in var.subnets : s.az => s.cidr... }
  for_ogc   = { for s in var.subnets : s.az => s.cidr... if s.public }
  for_nl    = {
    for k, v in var.map :
    k => v
    if v != null
  }
  for_in_coll = [for x in a ? b : c : x]
  tuple_e   = []
  tuple_t   = [1, "a", true, null,]
  tuple_nl  = [
    1,
    2
  ]
  object_e  = {}
  object_sep = { a = 1, b : 2, "c" = 3 }
  object_nl = {
    a = 1
    b = 2,
    "c" : 3
  }
  object_keys = {
    (var.k)      = 1
    "${var.k}-2" = 2
    true         = 3
    null         = 4
    5            = 5
    a.b          = 6
    my-key       = 7
  }
  object_one_line = { a = { b = { c = 1 } } }
}
