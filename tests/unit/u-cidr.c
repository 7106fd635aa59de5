/*
 * u-cidr.c: hand-picked cases for the prefix library.  The random cases
 * against Python's ipaddress live in tests/cidr_oracle.py.
 */
#include "policies/cidr.h"
#include "tests/unit/test.h"

static const char *fmt(const char *in)
{
	static char buf[CIDR_STRLEN];
	struct prefix p;
	bool hb;
	struct cidr_error err;

	if (cidr_parse(in, &p, &hb, &err))
		return err.why;
	return cidr_format(&p, buf);
}

static bool hostbits(const char *in)
{
	struct prefix p;
	bool hb = false;

	CHECK(cidr_parse(in, &p, &hb, NULL) == 0);
	return hb;
}

static void test_parse(void)
{
	CHECK_STR(fmt("10.0.0.0/16"), "10.0.0.0/16");
	CHECK_STR(fmt("10.0.0.1/16"), "10.0.0.0/16");
	CHECK(hostbits("10.0.0.1/16"));
	CHECK(!hostbits("10.0.0.0/16"));
	CHECK_STR(fmt("0.0.0.0/0"), "0.0.0.0/0");
	CHECK_STR(fmt("255.255.255.255/32"), "255.255.255.255/32");
	CHECK_STR(fmt("010.0.0.0/16"), "octet has a leading zero");
	CHECK_STR(fmt("10.0.0.256/16"), "octet is greater than 255");
	CHECK_STR(fmt("10.0.0/16"), "expected four octets");
	CHECK_STR(fmt("10.0.0.0"), "missing '/length'");
	CHECK_STR(fmt("10.0.0.0/33"), "prefix length is greater than 32");
	CHECK_STR(fmt("10.0.0.0/016"), "prefix length has a leading zero");
	CHECK_STR(fmt("10.0.0.0/"), "expected a decimal prefix length after '/'");
	CHECK_STR(fmt("10.0.0.0/16 "), "unexpected character after the prefix length");
	CHECK_STR(fmt(" 10.0.0.0/16"), "expected a decimal octet");
	CHECK_STR(fmt("10.0.0.0/+16"), "expected a decimal prefix length after '/'");
	CHECK_STR(fmt(""), "empty string");
	CHECK_STR(fmt("10.0.0.0.0/8"), "unexpected character after the address");

	CHECK_STR(fmt("2001:db8::/32"), "2001:db8::/32");
	CHECK_STR(fmt("2001:DB8:0:0:0:0:0:0/32"), "2001:db8::/32");
	CHECK_STR(fmt("::/0"), "::/0");
	CHECK_STR(fmt("::1/128"), "::1/128");
	CHECK_STR(fmt("2001:db8:0:1:0:0:0:0/64"), "2001:db8:0:1::/64");
	/* RFC 5952 4.2.2: a single zero group is not compressed */
	CHECK_STR(fmt("2001:db8:0:1:1:1:1:1/128"), "2001:db8:0:1:1:1:1:1/128");
	/* RFC 5952 4.2.3: the first of two equal runs */
	CHECK_STR(fmt("2001:0:0:1:0:0:1:1/128"), "2001::1:0:0:1:1/128");
	/* RFC 5952 4.2.3: the longest run */
	CHECK_STR(fmt("2001:0:0:1:0:0:0:1/128"), "2001:0:0:1::1/128");
	CHECK_STR(fmt("::ffff:10.0.0.1/128"), "::ffff:a00:1/128");
	CHECK_STR(fmt("2600:1f18:2466:4b00::dead:beef/64"), "2600:1f18:2466:4b00::/64");
	CHECK_STR(fmt("2001:db8:::/32"), "expected a hexadecimal group");
	CHECK_STR(fmt("2001:db8::1::/32"), "'::' appears twice");
	CHECK_STR(fmt(":2001:db8::/32"), "address starts with a single ':'");
	CHECK_STR(fmt("2001:db8:/32"), "address ends with a single ':'");
	CHECK_STR(fmt("1:2:3:4:5:6:7:8:9/64"), "more than eight groups");
	CHECK_STR(fmt("1:2:3:4:5:6:7::8/64"), "'::' must stand for at least one group");
	CHECK_STR(fmt("12345::/16"), "group has more than four hex digits");
	CHECK_STR(fmt("1:2:3/48"), "fewer than eight groups and no '::'");
	CHECK_STR(fmt("fe80::1%eth0/64"), "unexpected character in the address");
	CHECK_STR(fmt("2001:db8::/129"), "prefix length is greater than 128");
}

static void test_relations(void)
{
	struct prefix a = cidr_const("10.0.0.0/8"), b = cidr_const("10.1.0.0/16"),
		      c = cidr_const("11.0.0.0/16"), v6 = cidr_const("::a00:0/104");

	CHECK(cidr_contains(&a, &b));
	CHECK(!cidr_contains(&b, &a));
	CHECK(cidr_overlaps(&a, &b) && cidr_overlaps(&b, &a));
	CHECK(!cidr_overlaps(&a, &c));
	/* the families never mix, even where the low bits agree */
	CHECK(!cidr_overlaps(&a, &v6));
	CHECK(cidr_cmp(&a, &b) < 0 && cidr_cmp(&b, &c) < 0 && cidr_cmp(&c, &v6) < 0);
}

static void test_split(void)
{
	struct prefix p = cidr_const("10.0.0.0/16"), out;
	char buf[CIDR_STRLEN];

	CHECK(cidr_split(&p, 20, 3, &out) == 0);
	CHECK_STR(cidr_format(&out, buf), "10.0.48.0/20");
	CHECK(cidr_split(&p, 20, 16, &out) == -1);
	CHECK(cidr_split(&p, 15, 0, &out) == -1);
	CHECK(cidr_count(&p, 24) == 256);
	p = cidr_const("::/0");
	CHECK(cidr_split(&p, 0, 0, &out) == 0 && out.len == 0);
	CHECK(cidr_split(&p, 128, ~(u128)0, &out) == 0);
	CHECK_STR(cidr_format(&out, buf), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
}

static void test_next_free(void)
{
	struct prefix pool = cidr_const("10.0.0.0/14"), out;
	struct prefix used[] = {cidr_const("10.0.0.0/16"), cidr_const("10.1.0.0/24"),
				cidr_const("10.3.0.0/16")};
	char buf[CIDR_STRLEN];

	CHECK(cidr_next_free(&pool, 16, used, 3, 0, &out) == 0);
	CHECK_STR(cidr_format(&out, buf), "10.2.0.0/16");
	CHECK(cidr_next_free(&pool, 24, used, 3, 0, &out) == 0);
	CHECK_STR(cidr_format(&out, buf), "10.1.1.0/24");
	CHECK(cidr_next_free(&pool, 15, used, 3, 0, &out) == -1);
	CHECK(cidr_next_free(&pool, 13, used, 3, 0, &out) == -1);
	/* the top of the space does not wrap */
	pool = cidr_const("255.255.255.0/24");
	struct prefix top[] = {cidr_const("255.255.255.0/25"), cidr_const("255.255.255.128/25")};
	CHECK(cidr_next_free(&pool, 28, top, 2, 0, &out) == -1);
	pool = cidr_const("::/0");
	struct prefix all6[] = {cidr_const("::/1"), cidr_const("8000::/1")};
	CHECK(cidr_next_free(&pool, 64, all6, 2, 0, &out) == -1);
	CHECK(cidr_next_free(&pool, 64, all6, 1, 0, &out) == 0);
	CHECK_STR(cidr_format(&out, buf), "8000::/64");
}

static void test_aws_class(void)
{
	struct prefix p = cidr_const("100.64.0.0/16");
	CHECK(cidr_aws_v4_class(&p) == AWS_V4_OTHER);
	p = cidr_const("172.31.0.0/16");
	CHECK(cidr_aws_v4_class(&p) == AWS_V4_R172);
	p = cidr_const("172.32.0.0/16");
	CHECK(cidr_aws_v4_class(&p) == AWS_V4_OTHER);
	p = cidr_const("198.19.4.0/24");
	CHECK(cidr_aws_v4_class(&p) == AWS_V4_B198_19);
	p = cidr_const("198.18.0.0/16");
	CHECK(cidr_aws_v4_class(&p) == AWS_V4_OTHER);
}

int main(void)
{
	test_parse();
	test_relations();
	test_split();
	test_next_free();
	test_aws_class();
	return test_done("u-cidr");
}
