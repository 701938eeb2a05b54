/* Internals shared by the spec compiler (grammar.c) and the matcher (match.c). */
#ifndef RAMPART_GRAMMAR_INT_H
#define RAMPART_GRAMMAR_INT_H

#include "parser/grammar.h"

enum tok_type {
	T_START,
	T_END,        /* <cr> */
	T_EPS,        /* structure only */
	T_KEYWORD,
	T_WORD,
	T_LINE,
	T_RANGE,
	T_IPV4,
	T_IPV4_PREFIX,
};

struct tok {
	enum tok_type type;
	char *text;          /* keyword text, or the variable's display form */
	long long min, max;  /* T_RANGE */
	char *bind;          /* binding name or NULL */
	const char *help;
	int *next;           /* raw edges, may lead to T_EPS */
	int nnext, capnext;
	int *succ;           /* real successors (no T_EPS), computed after parsing */
	int nsucc;
};

struct cgraph {
	const struct command *cmd;
	struct tok *toks;
	int ntoks;
	int start;
	char *help_copy;     /* the help lines point into this */
};

struct grammar {
	struct cgraph *graphs;
	size_t ngraphs;
};

#endif
