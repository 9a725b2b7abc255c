// Package iam owns what an S3 Multi-Region Access Point policy means, once,
// for every stage that asks: lint (as facts and builtins for the Rego rules),
// diff and the apply guard. Nothing else in mrapguard re-implements it; the
// emulator keeps its own, independent model on purpose (it is the test
// oracle).
//
// It holds:
//   - the S3 IAM catalog, compiled into Go by `go generate ./iam` from the
//     sources in iam/source (actions, access levels, resource types,
//     condition keys, MRAP operations); nothing is decoded at start;
//   - action lookup and wildcard expansion (Catalog, ClassifyAction);
//   - IAM wildcard and ARN matching (Match, MatchFold, MatchARN, Covers),
//     and containment of one statement's elements in another's
//     (PrincipalCovered, Catalog.ActionCovered, ConditionImplied);
//   - policy variables: where IAM substitutes them, and their syntax
//     (VariableSyntax, MRAPField);
//   - what is wrong with an Action or Resource value, in one sentence
//     (Catalog.ActionProblem, ResourceProblem, AliasProblem);
//   - ARN, MRAP ARN and principal parsing and checks;
//   - condition operators (ParseOperator), condition keys (LookupKey) and
//     value checks (ValueProblem);
//   - principal and condition classification: which keys, with which
//     operators and values, pin the caller to parties the owner names
//     (PinsCaller), which keys the caller controls, which pin the source a
//     service principal acts for (RestrictsSource) and which a service
//     principal never carries (ServicePrincipalLacks);
//   - the two notions of public: Open (any caller the owner does not
//     control can get in; what lint's principal/public reports) and
//     PublicToAWS (S3 Block Public Access's definition; what the apply guard
//     uses to predict AWS's refusal).
//
// # Case rules
//
// IAM compares action names and condition keys case-insensitively
// (s3:getobject is s3:GetObject; AWS:SourceIp is aws:SourceIp); operators,
// Effect values, element names, principal values and ARNs are
// case-sensitive. The catalog is looked up by lower-case name and returns
// the canonical spelling.
//
// # Wildcards
//
// In actions, resources, principals and the Like operators, * matches any
// run of characters (including none and including ':' and '/') and ?
// exactly one character. A policy variable (${aws:username}) is a value the
// request fills in: a value holding one is never "fixed".
//
// Every function is total: malformed input gives a "no" or a problem
// message, never a panic.
package iam
