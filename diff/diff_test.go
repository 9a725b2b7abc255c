package diff

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/iam"
)

const (
	acct  = `"arn:aws:iam::444455556666:role/reader"`
	objs  = `"arn:aws:s3::111122223333:accesspoint/abc.mrap/object/*"`
	mrap  = `"arn:aws:s3::111122223333:accesspoint/abc.mrap"`
	orgEq = `"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`
)

// stmtSummary is what a reviewer reads for one statement.
type stmtSummary struct {
	Kind   Kind
	Access Access
	Reason string
}

type summary struct {
	Changed    bool
	Access     Access
	Statements []stmtSummary
}

func summarize(d Diff) summary {
	s := summary{Changed: d.Changed, Access: d.Access}
	for _, sc := range d.Statements {
		s.Statements = append(s.Statements, stmtSummary{sc.Kind, sc.Access, sc.Reason})
	}
	return s
}

func TestComputeAccess(t *testing.T) {
	tests := []struct {
		name          string
		before, after string
		want          summary
	}{
		{
			name:   "principal * added is open",
			before: pol(`{"Sid": "ReadOnly", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "ReadOnly", "Effect": "Allow", "Principal": {"AWS": [` + acct + `, "*"]}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement ReadOnly: principal * added (open; public to AWS)"}}},
		},
		{
			name:   "principal * added with a narrowing condition is not open",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `, ` + orgEq + `}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, ` + orgEq + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement Org: principal arn:aws:iam::444455556666:role/reader → * (not open: narrowed by condition StringEquals aws:PrincipalOrgID)"}}},
		},
		{
			name:   "principal * added with a network condition is open but not public to AWS",
			before: pol(`{"Sid": "Office", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}`),
			after:  pol(`{"Sid": "Office", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement Office: principal arn:aws:iam::444455556666:role/reader → * (open; not public to AWS)"}}},
		},
		{
			name:   "a network condition widened past /8 makes an open statement public to AWS",
			before: pol(`{"Sid": "Office", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}`),
			after:  pol(`{"Sid": "Office", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement Office: condition aws:SourceIp value 203.0.113.0/24 → 0.0.0.0/0; the statement becomes public to AWS (it was open already)"}}},
		},
		{
			name:   "principal removed narrows",
			before: pol(`{"Sid": "S", "Effect": "Allow", "Principal": {"AWS": [` + acct + `, "arn:aws:iam::444455556666:root"]}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "S", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Allow statement S: principal arn:aws:iam::444455556666:root removed"}}},
		},
		{
			name:   "service principal added under AWS * is covered",
			before: pol(`{"Sid": "S", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, ` + orgEq + `}`),
			after:  pol(`{"Sid": "S", "Effect": "Allow", "Principal": {"AWS": "*", "Service": "s3.amazonaws.com"}, "Action": "s3:GetObject", "Resource": ` + objs + `, ` + orgEq + `}`),
			want: summary{true, Neutral, []stmtSummary{{Changed, Neutral,
				"Allow statement S: principal Service s3.amazonaws.com added (already covered)"}}},
		},
		{
			name:   "principal * added to a Deny narrows",
			before: pol(`{"Sid": "D", "Effect": "Deny", "Principal": {"AWS": ` + acct + `}, "Action": "s3:DeleteObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "D", "Effect": "Deny", "Principal": {"AWS": [` + acct + `, "*"]}, "Action": "s3:DeleteObject", "Resource": ` + objs + `}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Deny statement D: principal * added"}}},
		},
		{
			name:   "Deny statement removed broadens",
			before: pol(`{"Sid": "DenyHTTP", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ` + objs + `, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`),
			after:  pol(),
			want:   summary{true, Broadens, []stmtSummary{{Removed, Broadens, "Deny statement DenyHTTP removed"}}},
		},
		{
			name:   "Deny statement added narrows",
			before: pol(),
			after:  pol(`{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ` + objs + `}`),
			want:   summary{true, Narrows, []stmtSummary{{Added, Narrows, "Deny statement at /Statement/0 added"}}},
		},
		{
			name:   "open Allow statement added",
			before: pol(),
			after:  pol(`{"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want:   summary{true, Broadens, []stmtSummary{{Added, Broadens, "Allow statement Open added (open; public to AWS)"}}},
		},
		{
			name:   "Allow statement removed narrows",
			before: pol(`{"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(),
			want:   summary{true, Narrows, []stmtSummary{{Removed, Narrows, "Allow statement Open removed (open; public to AWS)"}}},
		},
		{
			name:   "statement with an invalid Effect added is unknown",
			before: pol(),
			after:  pol(`{"Sid": "X", "Effect": "allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want:   summary{true, Unknown, []stmtSummary{{Added, Unknown, `"allow" statement X added`}}},
		},
		{
			name:   "wildcard action widened",
			before: pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject*", "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement R: action s3:GetObject → s3:GetObject* (adds 7 actions usable through an MRAP: s3:GetObjectAcl, s3:GetObjectLegalHold, s3:GetObjectRetention, …)"}}},
		},
		{
			name:   "wildcard action narrowed",
			before: pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject*", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Allow statement R: action s3:GetObject* → s3:GetObject (removes 7 actions usable through an MRAP: s3:GetObjectAcl, s3:GetObjectLegalHold, s3:GetObjectRetention, …)"}}},
		},
		{
			name:   "action already covered by a wildcard",
			before: pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:Get*", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": ["s3:Get*", "s3:GetObject"], "Resource": ` + objs + `}`),
			want: summary{true, Neutral, []stmtSummary{{Changed, Neutral,
				"Allow statement R: action s3:GetObject added (already covered)"}}},
		},
		{
			name:   "wildcard covering only granted actions, per the catalog",
			before: pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": ["s3:GetObjectVersionAcl", "s3:GetObjectAcl"], "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": ["s3:GetObjectVersionAcl", "s3:GetObjectAcl", "s3:GetObject*Acl"], "Resource": ` + objs + `}`),
			want: summary{true, Neutral, []stmtSummary{{Changed, Neutral,
				"Allow statement R: action s3:GetObject*Acl added (already covered, per the IAM catalog)"}}},
		},
		{
			name:   "action pattern matching nothing known",
			before: pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": ["s3:GetObject", "s3:Frobnicate*"], "Resource": ` + objs + `}`),
			want: summary{true, Neutral, []stmtSummary{{Changed, Neutral,
				"Allow statement R: action s3:Frobnicate* added (matches no action usable through an MRAP)"}}},
		},
		{
			name:   "NotAction element removed from an Allow broadens",
			before: pol(`{"Sid": "N", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "NotAction": ["s3:DeleteObject", "s3:PutObject"], "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "N", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "NotAction": "s3:PutObject", "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement N: NotAction s3:DeleteObject removed"}}},
		},
		{
			name:   "NotAction element added to an Allow narrows",
			before: pol(`{"Sid": "N", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "NotAction": "s3:PutObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "N", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "NotAction": ["s3:PutObject", "s3:Delete*"], "Resource": ` + objs + `}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Allow statement N: NotAction s3:Delete* added (removes 4 actions usable through an MRAP: s3:DeleteObject, s3:DeleteObjectTagging, s3:DeleteObjectVersion, …)"}}},
		},
		{
			name:   "Action replaced by NotAction broadens",
			before: pol(`{"Sid": "N", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "N", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "NotAction": "s3:DeleteObject", "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement N: Action → NotAction (adds 21 actions usable through an MRAP: s3:AbortMultipartUpload, s3:BypassGovernanceRetention, s3:DeleteObjectTagging, …)"}}},
		},
		{
			name:   "NotPrincipal of a Deny grows: the Deny excuses more callers",
			before: pol(`{"Sid": "D", "Effect": "Deny", "NotPrincipal": {"AWS": ` + acct + `}, "Action": "s3:*", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "D", "Effect": "Deny", "NotPrincipal": {"AWS": [` + acct + `, "arn:aws:iam::444455556666:root"]}, "Action": "s3:*", "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Deny statement D: NotPrincipal arn:aws:iam::444455556666:root added"}}},
		},
		{
			name:   "NotResource element added to an Allow narrows",
			before: pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "NotResource": "arn:aws:s3::111122223333:accesspoint/abc.mrap/object/secret/*"}`),
			after:  pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "NotResource": ["arn:aws:s3::111122223333:accesspoint/abc.mrap/object/secret/*", "arn:aws:s3::111122223333:accesspoint/abc.mrap/object/private/*"]}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Allow statement R: NotResource arn:aws:s3::111122223333:accesspoint/abc.mrap/object/private/* added"}}},
		},
		{
			name:   "resource widened",
			before: pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": "arn:aws:s3::111122223333:accesspoint/abc.mrap/object/public/*"}`),
			after:  pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement R: resource arn:aws:s3::111122223333:accesspoint/abc.mrap/object/public/* → arn:aws:s3::111122223333:accesspoint/abc.mrap/object/*"}}},
		},
		{
			name:   "a Deny narrowed to fewer resources broadens",
			before: pol(`{"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3::111122223333:accesspoint/abc.mrap/object/logs/*"}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Deny statement D: resource arn:aws:s3::111122223333:accesspoint/abc.mrap/object/* → arn:aws:s3::111122223333:accesspoint/abc.mrap/object/logs/*"}}},
		},
		{
			name:   "a Deny narrowed by a condition broadens",
			before: pol(`{"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": ` + objs + `, "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Deny statement D: condition aws:PrincipalAccount added to Deny"}}},
		},
		{
			name:   "narrowing condition removed from an open Allow",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, ` + orgEq + `}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement Org: condition aws:PrincipalOrgID removed from Allow; the statement becomes open and public to AWS"}}},
		},
		{
			name:   "condition added to an Allow narrows",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, ` + orgEq + `}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Allow statement Org: condition aws:PrincipalOrgID added to Allow; the statement is no longer open nor public to AWS"}}},
		},
		{
			name:   "StringEquals to StringLike with a wildcard broadens",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-abc*"}}}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement Org: condition aws:PrincipalOrgID: StringEquals → StringLike; the statement becomes open and public to AWS"}}},
		},
		{
			name:   "StringEquals to StringLike with the same literal values is neutral",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`),
			want: summary{true, Neutral, []stmtSummary{{Changed, Neutral,
				"Allow statement Org: condition aws:PrincipalOrgID: StringEquals → StringLike (equivalent for these values)"}}},
		},
		{
			name:   "StringLike to StringEquals narrows",
			before: pol(`{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringLike": {"aws:UserAgent": "tool/*"}}}`),
			after:  pol(`{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:UserAgent": "tool/1.0"}}}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Allow statement T: condition aws:UserAgent: StringLike → StringEquals"}}},
		},
		{
			name:   "ForAllValues added to an operator broadens",
			before: pol(`{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:PutObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:TagKeys": "team"}}}`),
			after:  pol(`{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:PutObject", "Resource": ` + objs + `, "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": "team"}}}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement T: condition aws:TagKeys: StringEquals → ForAllValues:StringEquals"}}},
		},
		{
			name:   "IfExists added to a narrowing condition broadens",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement Org: condition aws:PrincipalOrgID: StringEquals → StringEqualsIfExists; the statement becomes open and public to AWS"}}},
		},
		{
			name:   "operator changed to another family is unknown",
			before: pol(`{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"s3:signatureAge": "10"}}}`),
			after:  pol(`{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"NumericLessThanEquals": {"s3:signatureAge": "10"}}}`),
			want: summary{true, Unknown, []stmtSummary{{Changed, Unknown,
				"Allow statement T: condition s3:signatureAge: StringEquals → NumericLessThanEquals"}}},
		},
		{
			name:   "condition value added broadens",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5", "o-f6e5d4c3b2"]}}}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement Org: condition aws:PrincipalOrgID value o-f6e5d4c3b2 added"}}},
		},
		{
			name:   "condition value changed broadens",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-f6e5d4c3b2"}}}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement Org: condition aws:PrincipalOrgID value o-a1b2c3d4e5 → o-f6e5d4c3b2"}}},
		},
		{
			name:   "condition value removed narrows",
			before: pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5", "o-f6e5d4c3b2"]}}}`),
			after:  pol(`{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Allow statement Org: condition aws:PrincipalOrgID value o-f6e5d4c3b2 removed"}}},
		},
		{
			name:   "value added to a negated operator narrows",
			before: pol(`{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}`),
			after:  pol(`{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `, "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Allow statement T: condition aws:SourceIp value 198.51.100.0/24 added (NotIpAddress excludes its values)"}}},
		},
		{
			name:   "Allow turned into Deny narrows",
			before: pol(`{"Sid": "S", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "S", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ` + objs + `}`),
			want: summary{true, Narrows, []stmtSummary{{Changed, Narrows,
				"Deny statement S: effect Allow → Deny; the statement is no longer open nor public to AWS"}}},
		},
		{
			name:   "Deny turned into Allow broadens",
			before: pol(`{"Sid": "S", "Effect": "Deny", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "S", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement S: effect Deny → Allow"}}},
		},
		{
			name:   "Sid renamed is neutral",
			before: pol(`{"Sid": "Old", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "New", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want: summary{true, Neutral, []stmtSummary{{Changed, Neutral,
				"Allow statement New: Sid Old → New (no effect on access)"}}},
		},
		{
			name:   "one statement moved, one changed",
			before: pol(`{"Effect": "Allow", "Principal": {"AWS": `+acct+`}, "Action": "s3:GetObject", "Resource": `+objs+`}`, `{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": `+objs+`, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`),
			after:  pol(`{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": `+objs+`, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`, `{"Effect": "Allow", "Principal": {"AWS": `+acct+`}, "Action": ["s3:GetObject", "s3:PutObject"], "Resource": `+objs+`}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement at /Statement/1: action s3:PutObject added"}}},
		},
		{
			name:   "an empty Action versus none",
			before: pol(`{"Sid": "E", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": [], "Resource": ` + objs + `}`),
			after:  pol(`{"Sid": "E", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Resource": ` + objs + `}`),
			want: summary{true, Broadens, []stmtSummary{{Changed, Broadens,
				"Allow statement E: Action → no Action; the statement grants nothing before the change: no action it names is usable through an MRAP"}}},
		},
		{
			name:   "statements sharing nothing are removed and added",
			before: pol(`{"Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			after:  pol(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3::111122223333:accesspoint/abc.mrap/object/logs/*"}`),
			want: summary{true, Broadens, []stmtSummary{
				{Added, Broadens, "Allow statement at /Statement/0 added"},
				{Removed, Narrows, "Allow statement at /Statement/0 removed"},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(computeT(t, tt.before, tt.after))
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Compute() (-want +got):\n%s", d)
			}
		})
	}
}

// Equivalent spellings are not changes.
func TestComputeEquivalent(t *testing.T) {
	base := pol(`{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:role/r"]}, "Action": ["s3:GetObject", "s3:PutObject"], "Resource": [`+objs+`, `+mrap+`], "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-1", "o-2"]}}}`,
		`{"Sid": "B", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": `+objs+`, "Condition": {"Bool": {"aws:SecureTransport": false}}}`)
	tests := []struct{ name, other string }{
		{"identical", base},
		{"reformatted and reordered", `{
  "Statement": [
    {"Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Resource": [` + objs + `], "Action": ["s3:*"], "Principal": "*", "Effect": "Deny", "Sid": "B"},
    {"Resource": [` + mrap + `, ` + objs + `], "Effect": "Allow",
     "Condition": {"StringEquals": {"AWS:PrincipalOrgId": ["o-2", "o-1", "o-2"]}},
     "Principal": {"AWS": ["arn:aws:iam::444455556666:role/r", "111122223333"]},
     "Action": ["S3:putobject", "s3:GetObject", "s3:GetObject"], "Sid": "A"}
  ],
  "Version": "2012-10-17"
}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := computeT(t, base, tt.other)
			want := Diff{Changed: false, Access: Neutral, Document: []FieldChange{}, Statements: []StatementChange{}}
			got := d
			got.Before, got.After = DocInfo{}, DocInfo{}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(FieldChange{})); diff != "" {
				t.Errorf("Compute() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDocumentChanges(t *testing.T) {
	st := `{"Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": ` + objs + `}`
	stVar := `{"Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": "s3:GetObject", "Resource": "arn:aws:s3::111122223333:accesspoint/abc.mrap/object/${aws:username}/*"}`
	tests := []struct {
		name          string
		before, after string
		want          []FieldChange
	}{
		{
			name:   "version without policy variables",
			before: `{"Version": "2008-10-17", "Statement": [` + st + `]}`,
			after:  `{"Version": "2012-10-17", "Statement": [` + st + `]}`,
			want: []FieldChange{{Field: FieldVersion, Op: OpChanged, Before: []string{"2008-10-17"}, After: []string{"2012-10-17"},
				PointerBefore: "/Version", PointerAfter: "/Version", Access: Neutral,
				Reason: "Version 2008-10-17 → 2012-10-17 (no policy variables, no effect on access)"}},
		},
		{
			name:   "version with policy variables",
			before: `{"Statement": [` + stVar + `]}`,
			after:  `{"Version": "2012-10-17", "Statement": [` + stVar + `]}`,
			want: []FieldChange{{Field: FieldVersion, Op: OpAdded, After: []string{"2012-10-17"},
				PointerAfter: "/Version", Access: Unknown, flags: unknownF,
				Reason: "Version (absent) → 2012-10-17 changes how policy variables (${…}) are read"}},
		},
		{
			name:   "id",
			before: `{"Id": "a", "Statement": [` + st + `]}`,
			after:  `{"Id": "b", "Statement": [` + st + `]}`,
			want: []FieldChange{{Field: FieldID, Op: OpChanged, Before: []string{"a"}, After: []string{"b"},
				PointerBefore: "/Id", PointerAfter: "/Id", Access: Neutral, Reason: "policy Id changed (no effect on access)"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := computeT(t, tt.before, tt.after)
			if diff := cmp.Diff(tt.want, d.Document, cmp.AllowUnexported(FieldChange{})); diff != "" {
				t.Errorf("Document (-want +got):\n%s", diff)
			}
			if !d.Changed {
				t.Error("Changed = false, want true")
			}
		})
	}
}

// Field changes carry pointers into both documents.
func TestFieldChangePointers(t *testing.T) {
	before := `{"Version": "2012-10-17", "Statement": {"Sid": "S", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ` + objs + `,
	  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}}`
	after := pol(`{"Sid": "X", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": `+objs+`}`,
		`{"Sid": "S", "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:PutObject", "s3:GetObject"], "Resource": `+objs+`,
	  "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-1", "o-2"]}, "Bool": {"aws:SecureTransport": "true"}}}`)
	d := computeT(t, before, after)
	type ptrs struct {
		Field, Op, Before, After string
	}
	var got []ptrs
	for _, sc := range d.Statements {
		got = append(got, ptrs{"statement", string(sc.Kind), sc.PointerBefore, sc.PointerAfter})
		if sc.Kind != Changed {
			continue
		}
		for _, fc := range sc.Changes {
			got = append(got, ptrs{fc.Field, string(fc.Op), fc.PointerBefore, fc.PointerAfter})
		}
	}
	want := []ptrs{
		{"statement", "added", "", "/Statement/0"},
		{"statement", "changed", "/Statement", "/Statement/1"},
		{"Action", "added", "", "/Statement/1/Action/0"},
		{"ConditionValue", "added", "", "/Statement/1/Condition/StringEquals/aws:PrincipalOrgID/1"},
		{"Condition", "added", "", "/Statement/1/Condition/Bool/aws:SecureTransport"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pointers (-want +got):\n%s", diff)
	}
}

// Without a catalog, wildcards are judged by their text alone and never
// claimed neutral unless covered syntactically.
func TestComputeWithoutCatalog(t *testing.T) {
	st := func(actions string) string {
		return pol(`{"Sid": "R", "Effect": "Allow", "Principal": {"AWS": ` + acct + `}, "Action": ` + actions + `, "Resource": ` + objs + `}`)
	}
	tests := []struct {
		name          string
		before, after string
		want          []stmtSummary
	}{
		{"widened", st(`"s3:GetObject"`), st(`"s3:Get*"`), []stmtSummary{{Changed, Broadens, "Allow statement R: action s3:GetObject → s3:Get*"}}},
		{"covered by text", st(`"s3:Get*"`), st(`["s3:Get*", "s3:GetObject*"]`), []stmtSummary{{Changed, Neutral, "Allow statement R: action s3:GetObject* added (already covered)"}}},
		{"same actions per a catalog, not per text", st(`["s3:GetObjectAcl", "s3:GetObjectVersionAcl"]`), st(`["s3:GetObjectAcl", "s3:GetObjectVersionAcl", "s3:GetObject*Acl"]`),
			[]stmtSummary{{Changed, Broadens, "Allow statement R: action s3:GetObject*Acl added"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Options{Catalog: &iam.Catalog{}}.Compute(parse(t, "old.json", tt.before), parse(t, "new.json", tt.after))
			if diff := cmp.Diff(tt.want, summarize(d).Statements); diff != "" {
				t.Errorf("Compute() (-want +got):\n%s", diff)
			}
		})
	}
}
