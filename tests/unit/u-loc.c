/*
 * u-loc.c: struct loc keeps its file and origin in a shared pair
 * (facts.h).  What callers rely on: a loc says the file and origin it was
 * given, setting one keeps the other, a run of locs with one file shares
 * one pair, and loc_cmp() orders by the file's text, as before the pair.
 */
#include "policies/facts.h"
#include "tests/unit/test.h"

static void test_size(void)
{
	/* the point of the pair: one pointer where there were two */
	CHECK(sizeof(struct loc) == sizeof(void *) + 4 * sizeof(unsigned));
}

static void test_pairs(void)
{
	struct arena a;
	struct loc_srcs s = {.arena = &a};
	static const char file[] = "main.tf", other[] = "vars.tf";
	struct origin o = {.what = "var.cidr is set in terraform.tfvars"};
	const struct loc_src *p, *q;
	struct loc l = {0};

	arena_init(&a);
	CHECK(loc_file(&l) == NULL && loc_origin(&l) == NULL);
	CHECK(loc_src(&s, NULL, NULL) == NULL);

	p = loc_src(&s, file, NULL);
	CHECK(p && p->file == file && p->origin == NULL);
	/* a run of locs with one file costs one pair */
	for (int i = 0; i < 1000; i++)
		CHECK(loc_src(&s, file, NULL) == p);
	/* one with an origin among them leaves the plain pair found */
	q = loc_src(&s, file, &o);
	CHECK(q && q != p && q->file == file && q->origin == &o);
	CHECK(loc_src(&s, file, NULL) == p);
	CHECK(loc_src(&s, file, &o) == q);
	/* another file is another pair */
	CHECK(loc_src(&s, other, NULL) != p);

	/* setting one half keeps the other */
	l.src = loc_src(&s, file, NULL);
	loc_set_origin(&s, &l, &o);
	CHECK(loc_file(&l) == file && loc_origin(&l) == &o);
	loc_set_file(&s, &l, other);
	CHECK(loc_file(&l) == other && loc_origin(&l) == &o);
	loc_set_origin(&s, &l, NULL);
	CHECK(loc_file(&l) == other && loc_origin(&l) == NULL);
	loc_set_file(&s, &l, NULL);
	CHECK(l.src == NULL);
	/* an origin without a file is kept too */
	loc_set_origin(&s, &l, &o);
	CHECK(loc_file(&l) == NULL && loc_origin(&l) == &o);
	arena_release(&a);
}

static void test_cmp(void)
{
	struct arena a;
	struct loc_srcs s = {.arena = &a};
	char b1[] = "b.tf", b2[] = "b.tf"; /* one text at two addresses */
	struct loc none = {.line = 9}, x, y, z;

	arena_init(&a);
	x = (struct loc){.src = loc_src(&s, "a.tf", NULL), .line = 5, .col = 1};
	y = (struct loc){.src = loc_src(&s, b1, NULL), .line = 2, .col = 7};
	z = (struct loc){.src = loc_src(&s, b2, NULL), .line = 2, .col = 3};
	CHECK(y.src != z.src);
	CHECK(loc_cmp(&x, &y) < 0 && loc_cmp(&y, &x) > 0);
	/* same text, other pair: line and column decide */
	CHECK(loc_cmp(&z, &y) < 0 && loc_cmp(&y, &z) > 0);
	z.col = 7;
	CHECK(loc_cmp(&y, &z) == 0);
	/* no file sorts as "" */
	CHECK(loc_cmp(&none, &x) < 0 && loc_cmp(&x, &none) > 0);
	/* an origin does not take part */
	z.src = loc_src(&s, b1, &(struct origin){.what = "w"});
	CHECK(loc_cmp(&y, &z) == 0);
	arena_release(&a);
}

static void test_facts(void)
{
	struct facts *f = facts_new("plan.json", NULL, INPUT_TFPLAN);
	struct vpc *v = facts_add_vpc(f), *w = facts_add_vpc(f);
	struct subnet *sn = facts_add_subnet(f);

	CHECK_STR(loc_file(&v->r.loc), "plan.json");
	CHECK(loc_origin(&v->r.loc) == NULL);
	/* every resource of an input shares its file's pair */
	CHECK(v->r.loc.src == w->r.loc.src && w->r.loc.src == sn->r.loc.src);
	facts_free(f);
}

int main(void)
{
	test_size();
	test_pairs();
	test_cmp();
	test_facts();
	return test_done("u-loc");
}
