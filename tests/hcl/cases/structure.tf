# Bodies: blocks and labels, one-line blocks, comments, names.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
  default_tags { tags = { team = "net" } }
}

provider aws {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_vpc" "main" { # a comment after the brace
  cidr_block = "10.0.0.0/16" // another
  /* an inline comment */ enable_dns_support = true
  tags = {
    Name = "main" /* inline
    comment spanning lines */
  }

  lifecycle {
    ignore_changes = [tags]
  }
}

resource aws_subnet "a" {}
resource "aws_subnet" b {
}
locals { one = 1 }
locals {}
locals {
}

dynamic-block "x" "y" "z" {
  my-attr    = 1
  attr-2-b_c = 2
  for        = "a name that is a keyword"
  in         = 1
  if         = 2
  true       = 3
  nested "a" {
    deeper {
      deepest { v = 1 }
    }
  }
}

# a comment at the end of the file, with no newline after it
