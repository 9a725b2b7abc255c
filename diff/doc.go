// Package diff owns the structured difference between two policy documents
// and the access-change analysis on it: what changed, statement by statement
// and element by element, and whether anybody may gain access they did not
// have. It also owns the renderers of that difference (text, json,
// markdown). It never parses JSON itself (it takes policy.Documents) and
// never talks to AWS.
//
// # Contracts
//
//   - Compute is pure and total: any two Documents give a Diff, including
//     ones with problems (it uses what the normalized view holds).
//   - Diff.Changed is false exactly when the documents are equivalent under
//     the equivalences below; then there are no statement or document
//     changes and Access is neutral.
//   - Compute(a, b) and Compute(b, a) mirror each other: added and removed
//     swap, before and after swap, and every change that gains access one
//     way loses it the other way (tested as a property).
//   - Soundness: a verdict of neutral or narrows means that, under the
//     model below, nobody gains access through the change. Whenever that
//     cannot be shown, the verdict is broadens or unknown. Over-reporting is
//     allowed; under-reporting is a bug.
//
// # Equivalences (not changes)
//
//   - Formatting, object member order, and the order of statements, of
//     actions, resources, principals and condition values.
//   - Duplicate values in any list.
//   - A lone value and a one-element list ("s3:GetObject" ≡ ["s3:GetObject"]);
//     scalar condition values by their text (true ≡ "true").
//   - Principal "*" ≡ {"AWS": "*"} ≡ {"AWS": ["*"]}.
//   - A 12-digit account principal ≡ arn:aws:iam::ACCOUNT:root (what IAM
//     stores).
//   - Action names compared case-insensitively (IAM matches them so).
//   - Condition keys compared case-insensitively (IAM does); operators are
//     case-sensitive, as in IAM.
//   - A missing Sid ≡ an empty one.
//
// # Statement matching
//
// Equivalent statements match first (so a moved statement is no change),
// then statements with the same Sid, then the rest by best structural
// match: same Effect, most shared principals, actions, resources and
// conditions. A pair that shares nothing is shown as removed + added.
// Matching scores only pairs that share an element, within matchBudget,
// and coverage comparisons are charged against workLimit, so Compute stays
// near-linear in the size of its documents (past the limit an element is
// taken as not covered: over-reporting, never under-reporting).
// ComputeContext stops when its context ends.
//
// A document with a duplicated key is not trusted: unless both documents
// are the same bytes, it is a document change (FieldDuplicateKey) of
// unknown access, never "equivalent".
//
// # Access model
//
// Each change gets flags: may grant access (grows), may take access away
// (shrinks), cannot tell (unknown). The verdict is broadens if it may
// grant, else unknown, else narrows, else neutral; a statement's verdict
// combines its changes' flags, and the overall one combines all.
//
//   - Polarity: a change that widens what a statement matches grants access
//     on an Allow and takes it away on a Deny, and the reverse. A statement
//     whose Effect is neither Allow nor Deny gives unknown.
//   - Allow→Deny of a matched statement narrows, Deny→Allow broadens,
//     whatever else changed in it.
//   - Principals, actions, resources: an element added widens the statement
//     unless the old list already covers it; one removed narrows unless the
//     new list still covers it. NotPrincipal, NotAction and NotResource
//     invert this. Principal {"AWS": "*"} covers every principal. Switching
//     Action to NotAction (and the like) broadens an Allow; the reverse is
//     unknown.
//   - Actions are judged against the catalog's actions usable through an
//     MRAP (Options.Catalog, else iam.S3(), the compiled S3 catalog): every
//     request through one is for one of them. s3:GetObject → s3:Get* lists
//     the actions it adds; a value that matches none of them (an unknown
//     name, another service's action, s3:CreateBucket) changes nothing;
//     Action ↔ NotAction compares the two sets. With an empty catalog,
//     actions are compared as text.
//   - What no request can reach changes nothing (scope.go): actions and
//     resources of different MRAP ARN forms (iam.ResourceReach), a
//     principal that names no one, a condition fixed for the statement's
//     actions (a key none of their requests carries: iam.AbsentKey; IfExists
//     on a key every request carries: iam.AlwaysPresent), and an Allow to
//     the MRAP owner's account (Options.Owner, else the one account a
//     statement's resources name), which only delegates to its identity
//     policies. An element change is judged against the side whose requests
//     it could let in (the new statement for a change that widens, the old
//     for one that narrows); a statement with no effect on one side bounds
//     what its changes can do (a new Allow that grants nothing lets nobody
//     in).
//   - Conditions: adding one to a statement narrows it (one more thing must
//     hold), removing one widens it. A value added to a positive operator
//     (StringEquals, IpAddress, …: any value may match) widens it unless an
//     existing value covers it; a value added to a negated operator
//     (StringNotEquals, NotIpAddress, …: no value may match) narrows it.
//   - An operator change for a key is judged by containment of what the old
//     and new condition accept: StringEquals → StringLike with literal
//     values is neutral, with a wildcard it widens; adding IfExists or
//     ForAllValues: widens (both accept an absent key); StringLike →
//     StringEquals narrows when the new values are matched by the old
//     patterns; anything not provable (another type of operator, a negation
//     flip, ForAnyValue:) is unknown.
//   - A Version change is neutral when no value uses a policy variable
//     (${…}), unknown otherwise; an Id or Sid change is neutral.
//   - StatementChange.PublicBefore/PublicAfter come from iam.Open (open),
//     PublicToAWSBefore/PublicToAWSAfter from iam.PublicToAWS (public to
//     AWS); reasons name which: "(open; not public to AWS)".
//
// # Limits of the model
//
//   - Statements are judged one at a time. Access granted again by another
//     statement, or blocked by a Deny elsewhere, an SCP, a permissions
//     boundary, Block Public Access or the buckets' own policies, is not
//     taken into account: such a change still reads broadens.
//   - The action catalog is a snapshot: an action AWS adds later is taken
//     to match no request. Soundness is tested against an independent
//     evaluator of requests (oracle_test.go).
//   - Resource ARNs match segment by segment when proving coverage and as
//     whole strings when proving non-coverage; a pattern with fewer than
//     six ARN segments covers nothing but itself (except "*").
//   - Numeric, date, boolean, IP and binary condition values are compared
//     as text: 10.0.0.0/8 is not known to contain 10.1.0.0/16, so a value
//     added is taken to widen the condition (narrow, for a negated
//     operator), and an operator change between such types is unknown.
//   - Policy variables (${aws:username}) are compared as literal text.
//   - A principal covers only itself: an account root does not cover the
//     account's roles, which a resource policy can grant directly.
//   - The same condition key written in two letter cases under one operator
//     is kept apart (IAM evaluates both) and any change to it is unknown.
package diff
