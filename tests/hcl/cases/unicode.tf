locals {
  name      = "réseau-principal"
  emoji     = "☁️ ${var.x} 🌐"
  café      = "an identifier that is not ASCII"
  straße_2  = local.café
  ключ      = { значение = "cyrillic" }
  after     = "é${var.x}é"
}
