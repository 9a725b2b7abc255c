// Package policy owns the one document type of the mrapguard pipeline: an IAM
// policy as the user wrote it, parsed strictly with source positions.
//
// Contracts:
//   - Parse never fails and never panics. Everything wrong with the input
//     (invalid JSON, a BOM, duplicate keys, wrong element types, excess size or
//     depth) is recorded as a Problem with a rule ID, a message and a position,
//     so a linter can report it and keep going.
//   - Document.Root is the raw tree with positions (nil when the bytes are not
//     JSON). Document.Policy is the normalized, typed view used by diff and
//     apply; Document.Normalized is the same normalization as generic JSON
//     values, the input that lint rules see.
//   - Normalization changes shape, never order or meaning: Statement, Action,
//     NotAction, Resource, NotResource and condition values become lists;
//     Principal "*" becomes {"AWS": ["*"]}. An element of the wrong JSON type
//     is left as written (and reported), so rules never see invented values.
//   - A path into the normalized form (["Statement", 0, "Action", 0]) resolves
//     to the raw node it came from (Document.Lookup), which gives the
//     file:line:column and the JSON pointer of a finding.
//   - Canonical JSON has sorted keys and no insignificant whitespace; Hash is
//     the hex SHA-256 of it. Formatting and key order never change the hash;
//     anything else (including "x" versus ["x"]) does.
//   - Build makes a Document from a tree a template reader built, with the
//     template's positions, through the same checks. Values the template
//     decides only at deploy time are Unresolved nodes that keep the
//     expression's text and position. Each is an iac/unresolved problem (so
//     HasErrors holds and nothing applies such a document); in Value and
//     Normalized it is null, so rules that need a concrete value skip it; in
//     Canonical it is {"$unresolved": TEXT}, a form no deployable policy has.
//
// Columns count Unicode code points, starting at 1.
package policy
