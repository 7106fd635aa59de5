# Strings, escapes, templates, directives, strip markers and heredocs.
locals {
  plain    = "10.0.0.0/16"
  empty    = ""
  escapes  = "tab\tnl\ncr\rq\"bs\\u\u00e9U\U0001F600"
  dollar   = "$${literal} and %%{literal} and $ alone and 100%"
  unwrap   = "${var.cidr}"
  unwrap2  = "${"${true}"}"
  two      = "${var.a}${var.b}"
  mixed    = "${var.env}-vpc-${count.index + 1}"
  nested   = "a${"b${c}d"}e"
  strip_l  = "a   ${~ var.x}"
  strip_r  = "${var.x ~}   b"
  strip_lr = "a   ${~ var.x ~}   b"
  strip_no = "${"hello " ~}${" world"}"
  if_t     = "%{ if var.x }yes%{ endif }"
  if_te    = "%{ if var.x }yes%{ else }no%{ endif }"
  if_empty = "%{if a}%{endif}"
  if_strip = "a %{~ if var.x ~} b %{~ else ~} c %{~ endif ~} d"
  for_t    = "%{ for x in var.list }${x},%{ endfor }"
  for_kv   = "%{ for k, v in var.map ~} ${k}=${v} %{~ endfor }"
  for_nest = "%{ for x in a }%{ if x }${x}%{ endif }%{ endfor }"
  interp_nl = "${
    var.a
  }"
  hd = <<EOT
line one
  line two ${var.x}
EOT
  hd_flush = <<-EOT
    first
      second
    ${var.x} third
  EOT
  hd_blank = <<-EOT
      a

        b
      c
    EOT
  hd_interp_first = <<-EOT
  ${var.x}
      indented
  EOT
  hd_tabs = <<-EOT
		tabbed
			more
		EOT
  hd_empty = <<EOT
EOT
  hd_strip = <<EOT
%{ for ip in var.ips ~}
server ${ip}
%{ endfor ~}
EOT
  hd_strip_flush = <<-EOT
    %{ if true ~}
    hello
    %{ endif ~}
  EOT
  hd_dollar = <<EOT
$${not} %%{not} $ %
EOT
  hd_backslash = <<EOT
C:\path\n stays
EOT
  hd_in_call = join(",", [<<EOT
a
EOT
  , "b"])
}
