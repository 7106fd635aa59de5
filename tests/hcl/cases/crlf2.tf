a = 1
# crlf comment
b = /* multi
line */ 2
c = <<-EOT
    x
    EOT
