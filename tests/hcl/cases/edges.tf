locals {
  in_list  = [1, # a comment
    2 // another
  ]
  in_call  = f(a /* inline */, b)
  in_obj   = {
    a = 1 # c
    b = 2
  }
  dollar_end = "abc$"
  percent_end = "100%"
  dollars  = "$$ $$$${x} %%%{y}"
  uni_flush = <<-EOT
　　a
　b
  EOT
  nbsp_flush = <<-EOT
  a
 b
  EOT
  uni_strip = "a　${~ x ~}　b"
  hd_in_obj = {
    text = <<-EOT
      hello
    EOT
    other = 1
  }
  splat_call = f(x)[*].id
  splat_paren = (a).*.b
  neg_lit  = -1
  not_paren = !(a && b)
  neg_paren = -(a + b)
  cond_nl  = (
    a
    ? b
    : c
  )
  tpl_cond = "${a ? "x" : "y"}-${b}"
  tpl_for_expr = "${[for x in y : x]}"
  key_num  = { 1 = "a", 2.5 = "b" }
  idx_bool = x[true]
  idx_num_exp = x[1e2]
  long_chain = a.b.c.d[0].e["f"].g[*].h.i[1]
  heredoc_last = [<<EOT
z
EOT
  ]
}

resource "a" "b" { x = "one line" }
