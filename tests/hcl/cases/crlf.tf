resource "aws_vpc" "crlf" {
  cidr_block = "10.1.0.0/16"
  tags = {
    a = 1
  }
  h = <<EOT
line
EOT
}
