package diff

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Changes through which no request gains access (issue 11): the diff calls
// them neutral or narrows, and says why. The soundness property test
// (TestPropertySound) checks the same reasoning against an independent
// evaluation of requests.
func TestComputePrecision(t *testing.T) {
	const (
		owner    = `"arn:aws:iam::111122223333:root"`
		other    = `"arn:aws:iam::444455556666:root"`
		role     = `"arn:aws:iam::111122223333:role/app"`
		anyMRAP  = `"arn:aws:s3::*:accesspoint/abc.mrap"`
		bucketLR = `"arn:aws:s3:::amzn-s3-demo-bucket/*"`
	)
	st := func(sid, effect, principal, action, resource, extra string) string {
		s := `{"Sid": "` + sid + `", "Effect": "` + effect + `", "Principal": ` + principal + `, "Action": ` + action + `, "Resource": ` + resource
		if extra != "" {
			s += `, ` + extra
		}
		return s + `}`
	}
	reader := `{"AWS": ` + acct + `}`
	tests := []struct {
		name          string
		owner         string // Options.Owner
		before, after string
		want          []stmtSummary
	}{
		// Statements that match no request.
		{name: "an unknown action added",
			before: pol(st("R", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("R", "Allow", reader, `["s3:GetObject", "s3:ListObjects"]`, objs, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement R: action s3:ListObjects added (matches no action usable through an MRAP)"}}},
		{name: "an action not usable through an MRAP added",
			before: pol(st("R", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("R", "Allow", reader, `["s3:GetObject", "s3:CreateBucket", "iam:PassRole"]`, objs, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement R: action iam:PassRole added (matches no action usable through an MRAP)"}}},
		{name: "a statement of an unknown action added",
			before: pol(),
			after:  pol(st("L", "Allow", `"*"`, `"s3:ListObjects"`, mrap, "")),
			want:   []stmtSummary{{Added, Neutral, "Allow statement L added (open; public to AWS; grants nothing: no action it names is usable through an MRAP)"}}},
		{name: "object actions on the MRAP's own ARN only",
			before: pol(),
			after:  pol(st("G", "Allow", `"*"`, `["s3:GetObject", "s3:PutObject"]`, mrap, "")),
			want:   []stmtSummary{{Added, Neutral, "Allow statement G added (open; public to AWS; grants nothing: its actions apply to objects, and its resources name only the MRAP itself)"}}},
		{name: "a bucket action on objects only",
			before: pol(),
			after:  pol(st("L", "Allow", reader, `"s3:ListBucket"`, objs, "")),
			want:   []stmtSummary{{Added, Neutral, "Allow statement L added (grants nothing: its actions apply to the MRAP itself, and its resources name only objects)"}}},
		{name: "a bucket action added to a statement on objects",
			before: pol(st("R", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("R", "Allow", reader, `["s3:GetObject", "s3:ListBucket"]`, objs, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement R: action s3:ListBucket added (applies to the MRAP itself, which the statement's resources do not name)"}}},
		{name: "the MRAP's ARN added to a statement of object actions",
			before: pol(st("R", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("R", "Allow", reader, `"s3:GetObject"`, `[`+objs+`, `+mrap+`]`, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement R: resource arn:aws:s3::111122223333:accesspoint/abc.mrap added (matches only the MRAP itself, which none of the statement's actions apply to)"}}},
		{name: "a bucket ARN added",
			before: pol(st("R", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("R", "Allow", reader, `"s3:GetObject"`, `[`+objs+`, `+bucketLR+`]`, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement R: resource arn:aws:s3:::amzn-s3-demo-bucket/* added (matches no Multi-Region Access Point ARN)"}}},
		{name: "a malformed principal added",
			before: pol(st("R", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("R", "Allow", `{"AWS": [`+acct+`, "arn:aws:iam::12345:root"]}`, `"s3:GetObject"`, objs, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement R: principal arn:aws:iam::12345:root added (names no one: account \"12345\" is not a 12-digit account ID)"}}},
		{name: "an empty Principal",
			before: pol(),
			after:  pol(st("E", "Allow", `{}`, `"s3:GetObject"`, objs, "")),
			want:   []stmtSummary{{Added, Neutral, "Allow statement E added (grants nothing: its principal names no one (it is empty))"}}},
		{name: "a Deny of nobody removed",
			before: pol(st("D", "Deny", `{"AWS": "ACCOUNT_ID"}`, `"s3:*"`, objs, "")),
			after:  pol(),
			want:   []stmtSummary{{Removed, Neutral, "Deny statement D removed (denies nothing: its principal names no one (AWS \"ACCOUNT_ID\": it is neither \"*\", a 12-digit account ID nor an IAM or STS ARN))"}}},
		{name: "an Allow to everyone but everyone",
			before: pol(),
			after:  pol(`{"Sid": "N", "Effect": "Allow", "NotPrincipal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": ` + objs + `}`),
			want:   []stmtSummary{{Added, Neutral, "Allow statement N added (open; public to AWS; grants nothing: its NotPrincipal \"*\" leaves no one)"}}},
		{name: "a Deny of every resource but every resource",
			before: pol(),
			after:  pol(`{"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "NotResource": "*"}`),
			want:   []stmtSummary{{Added, Neutral, "Deny statement D added (denies nothing: its actions apply to objects and the MRAP itself, and its resources name no Multi-Region Access Point ARN)"}}},
		{name: "Action replaced by a NotAction of s3:*",
			before: pol(st("N", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(`{"Sid": "N", "Effect": "Allow", "Principal": ` + reader + `, "NotAction": "s3:*", "Resource": ` + objs + `}`),
			want:   []stmtSummary{{Changed, Narrows, "Allow statement N: Action → NotAction (removes 1 action usable through an MRAP: s3:GetObject); the statement now grants nothing: its NotAction leaves no action usable through an MRAP"}}},
		{name: "a statement turned into nothing and back",
			before: pol(st("R", "Allow", reader, `"s3:ListObjects"`, objs, "")),
			after:  pol(st("R", "Allow", reader, `"s3:GetObject"`, objs, "")),
			want:   []stmtSummary{{Changed, Broadens, "Allow statement R: action s3:ListObjects → s3:GetObject (matches no action usable through an MRAP); the statement grants nothing before the change: no action it names is usable through an MRAP"}}},

		// Conditions that cannot change the outcome.
		{name: "IfExists on a key every request carries",
			before: pol(st("T", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"Bool": {"aws:SecureTransport": "true"}}`)),
			after:  pol(st("T", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"BoolIfExists": {"aws:SecureTransport": "true"}}`)),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement T: condition aws:SecureTransport: Bool → BoolIfExists (equivalent for these values; every request carries aws:SecureTransport, so IfExists changes nothing)"}}},
		{name: "IfExists on a key the action never carries, removed",
			before: pol(st("A", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"StringEqualsIfExists": {"s3:x-amz-acl": "private"}}`)),
			after:  pol(st("A", "Allow", reader, `"s3:GetObject"`, objs, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement A: condition s3:x-amz-acl removed from Allow (no request for the statement's actions carries s3:x-amz-acl, and StringEqualsIfExists is true without it)"}}},
		{name: "a value changed on a key the action never carries",
			before: pol(st("P", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"StringNotEquals": {"s3:prefix": "secret/"}}`)),
			after:  pol(st("P", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"StringNotEquals": {"s3:prefix": "private/"}}`)),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement P: condition s3:prefix value secret/ → private/ (StringNotEquals excludes its values) (no request for the statement's actions carries s3:prefix)"}}},
		{name: "a negated operator gains IfExists on a key the action never carries",
			before: pol(st("P", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"StringNotEquals": {"s3:prefix": "secret/"}}`)),
			after:  pol(st("P", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"StringNotEqualsIfExists": {"s3:prefix": "secret/"}}`)),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement P: condition s3:prefix: StringNotEquals → StringNotEqualsIfExists (equivalent for these values; no request for the statement's actions carries s3:prefix)"}}},
		{name: "a condition no request for the actions can meet, added",
			before: pol(st("A", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("A", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"StringEquals": {"s3:x-amz-acl": "private"}}`)),
			want:   []stmtSummary{{Changed, Narrows, "Allow statement A: condition s3:x-amz-acl added to Allow; the statement now grants nothing: its conditions are false for all its actions (StringEquals s3:x-amz-acl: no request for them carries the key)"}}},
		{name: "that condition removed again broadens",
			before: pol(st("A", "Allow", reader, `"s3:GetObject"`, objs, `"Condition": {"StringEquals": {"s3:x-amz-acl": "private"}}`)),
			after:  pol(st("A", "Allow", reader, `"s3:GetObject"`, objs, "")),
			want:   []stmtSummary{{Changed, Broadens, "Allow statement A: condition s3:x-amz-acl removed from Allow; the statement grants nothing before the change: its conditions are false for all its actions (StringEquals s3:x-amz-acl: no request for them carries the key)"}}},

		// An Allow to the MRAP's own account delegates to IAM.
		{name: "an Allow to the owner's account added",
			before: pol(),
			after:  pol(st("O", "Allow", `{"AWS": "111122223333"}`, `"s3:*"`, objs, "")),
			want:   []stmtSummary{{Added, Neutral, "Allow statement O added (grants nothing: it names only the MRAP owner's account 111122223333, whose identity policies decide that account's access with or without it)"}}},
		{name: "the owner's account added to an Allow",
			before: pol(st("O", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("O", "Allow", `{"AWS": [`+acct+`, `+owner+`]}`, `"s3:GetObject"`, objs, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement O: principal arn:aws:iam::111122223333:root added (the MRAP owner's account: a grant to it only delegates to the account's identity policies, which decide with or without it)"}}},
		{name: "the owner's account, from Options.Owner, on any resource",
			owner:  "111122223333",
			before: pol(st("O", "Allow", reader, `"s3:GetObject"`, `"*"`, "")),
			after:  pol(st("O", "Allow", `{"AWS": [`+acct+`, `+owner+`]}`, `"s3:GetObject"`, `"*"`, "")),
			want:   []stmtSummary{{Changed, Neutral, "Allow statement O: principal arn:aws:iam::111122223333:root added (the MRAP owner's account: a grant to it only delegates to the account's identity policies, which decide with or without it)"}}},

		// Not these: the diff stays sound.
		{name: "an account root is the owner only when known",
			before: pol(st("O", "Allow", reader, `"s3:GetObject"`, `"*"`, "")),
			after:  pol(st("O", "Allow", `{"AWS": [`+acct+`, `+owner+`]}`, `"s3:GetObject"`, `"*"`, "")),
			want:   []stmtSummary{{Changed, Broadens, "Allow statement O: principal arn:aws:iam::111122223333:root added"}}},
		{name: "another account is a grant",
			before: pol(st("O", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("O", "Allow", `{"AWS": [`+acct+`, `+other+`]}`, `"s3:GetObject"`, objs, "")),
			want:   []stmtSummary{{Changed, Broadens, "Allow statement O: principal arn:aws:iam::444455556666:root added"}}},
		{name: "a role of the owner's account is a grant",
			before: pol(),
			after:  pol(st("O", "Allow", `{"AWS": `+role+`}`, `"s3:GetObject"`, objs, "")),
			want:   []stmtSummary{{Added, Broadens, "Allow statement O added"}}},
		{name: "a Deny of the owner's account denies",
			before: pol(),
			after:  pol(st("O", "Deny", `{"AWS": `+owner+`}`, `"s3:DeleteObject"`, objs, "")),
			want:   []stmtSummary{{Added, Narrows, "Deny statement O added"}}},
		{name: "a wildcard account may name objects whose keys end like the MRAP's ARN",
			before: pol(st("R", "Allow", reader, `"s3:GetObject"`, objs, "")),
			after:  pol(st("R", "Allow", reader, `"s3:GetObject"`, `[`+objs+`, `+anyMRAP+`]`, "")),
			want:   []stmtSummary{{Changed, Broadens, "Allow statement R: resource arn:aws:s3::*:accesspoint/abc.mrap added"}}},
		{name: "a condition on a key the action may carry",
			before: pol(st("A", "Allow", reader, `"s3:PutObject"`, objs, `"Condition": {"StringEqualsIfExists": {"s3:x-amz-acl": "private"}}`)),
			after:  pol(st("A", "Allow", reader, `"s3:PutObject"`, objs, "")),
			want:   []stmtSummary{{Changed, Broadens, "Allow statement A: condition s3:x-amz-acl removed from Allow (StringEqualsIfExists is true when the key is absent)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Options{Owner: tt.owner}.Compute(parse(t, "old.json", tt.before), parse(t, "new.json", tt.after))
			if diff := cmp.Diff(tt.want, summarize(d).Statements); diff != "" {
				t.Errorf("Compute() (-want +got):\n%s", diff)
			}
		})
	}
}
