# Every pair of precedence levels, each way round, checked against
# HashiCorp's parser by tests/hcl/compare.js.  Levels, loosest first:
# ?:, ||, &&, == !=, < <= > >=, + -, * / %, unary - and !.
locals {
  or_and_1 = a || b && c
  or_and_2 = a && b || c
  or_eq_1  = a || b == c
  or_eq_2  = a == b || c
  or_cmp_1 = a || b < c
  or_cmp_2 = a <= b || c
  or_add_1 = a || b + c
  or_add_2 = a - b || c
  or_mul_1 = a || b * c
  or_mul_2 = a % b || c
  and_eq_1  = a && b != c
  and_eq_2  = a != b && c
  and_cmp_1 = a && b > c
  and_cmp_2 = a >= b && c
  and_add_1 = a && b + c
  and_add_2 = a + b && c
  and_mul_1 = a && b / c
  and_mul_2 = a * b && c
  eq_cmp_1 = a == b < c
  eq_cmp_2 = a < b == c
  eq_add_1 = a != b + c
  eq_add_2 = a - b != c
  eq_mul_1 = a == b * c
  eq_mul_2 = a / b == c
  cmp_add_1 = a < b + c
  cmp_add_2 = a - b >= c
  cmp_mul_1 = a <= b * c
  cmp_mul_2 = a % b > c
  add_mul_1 = a + b * c
  add_mul_2 = a * b - c
  neg_mul  = -a * b
  neg_add  = a + -b
  not_and  = !a && b
  not_or   = a || !b
  neg_trav = -a.b[0]
  not_call = !f(x)
  not_not  = !!a
  neg_neg  = - -a
  cond_or   = a || b ? c : d
  cond_and  = a ? b && c : d
  cond_eq   = a ? b : c == d
  cond_cmp  = a < b ? c : d
  cond_add  = a ? b + c : d - e
  cond_mul  = a * b ? c / d : e % f
  cond_neg  = -a ? !b : -c
  cond_right = a ? b : c ? d : e
  cond_mid   = a ? b ? c : d : e
  left_sub  = a - b - c
  left_div  = a / b * c % d
  left_eq   = a == b != c
  left_cmp  = a < b > c
  left_and  = a && b && c
  left_or   = a || b || c
  paren_1   = (a + b) * c
  paren_2   = a * (b + c)
  paren_3   = (a ? b : c) ? d : e
  numbers   = 1 + 1.5 - 1e3 * 1E-2 / 2.5e+3 % 007
  multiline = (
    a +
    b
  ) * c
}
