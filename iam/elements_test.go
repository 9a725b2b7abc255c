package iam

import "testing"

func TestUniqueIDKind(t *testing.T) {
	for v, want := range map[string]string{
		"AROADBQP57FF2AEXAMPLE":            "role",
		"AIDACKCEVSQ6C2EXAMPLE":            "user",
		"AROA":                             "",
		"AKIAIOSFODNN7EXAMPLE":             "",
		"aroadbqp57ff2aexample":            "",
		"arn:aws:iam::111122223333:role/x": "",
		"111122223333":                     "",
	} {
		if got := UniqueIDKind(v); got != want {
			t.Errorf("UniqueIDKind(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestVariableSyntax(t *testing.T) {
	for s, want := range map[string]string{
		"arn:aws:s3::111122223333:accesspoint/a.mrap/object/${aws:username}/*": "",
		"${aws:PrincipalTag/team, 'company-wide'}":                             "",
		"${aws:PrincipalTag/team,'none'}":                                      "",
		"${*}${?}${$} and $ or {x} or $x}":                                     "",
		"no variable":                                                          "",
		"home/${aws:username/*":                                                "MISSING_BRACE_IN_VARIABLE",
		"ok ${aws:userid} then ${aws:username":                                 "MISSING_BRACE_IN_VARIABLE",
		"${aws:PrincipalTag/team, company-wide}":                               "MISSING_QUOTE_IN_VARIABLE",
		"${aws:PrincipalTag/team, 'company-wide}":                              "MISSING_QUOTE_IN_VARIABLE",
		"${aws:PrincipalTag/team, '}":                                          "MISSING_QUOTE_IN_VARIABLE",
		"${aws:user name}":                                                     "UNSUPPORTED_SPACE_IN_VARIABLE",
		"${ aws:username}":                                                     "UNSUPPORTED_SPACE_IN_VARIABLE",
		"${aws:PrincipalTag/team , 'x'}":                                       "UNSUPPORTED_SPACE_IN_VARIABLE",
		"${}":                                                                  "EMPTY_VARIABLE",
		"a${  }b":                                                              "EMPTY_VARIABLE",
	} {
		p, bad := VariableSyntax(s)
		if got := p.Code; got != want || bad != (want != "") {
			t.Errorf("VariableSyntax(%q) = %+v, %v; want code %q", s, p, bad, want)
		}
	}
	if p, _ := VariableSyntax("home/${aws:user name}/x"); p.Text != "${aws:user name}" {
		t.Errorf("Text = %q", p.Text)
	}
}

func TestMRAPField(t *testing.T) {
	for r, want := range map[string]string{
		"arn:aws:s3::111122223333:accesspoint/a.mrap/object/${aws:username}/*": "",
		"arn:aws:s3::${aws:PrincipalAccount}:accesspoint/a.mrap/object/*":      "account",
		"arn:aws:s3::${AWS::AccountId}:accesspoint/a.mrap":                     "account",
		"arn:${aws:partition}:s3::111122223333:accesspoint/a.mrap":             "partition",
		"arn:aws:${x}::111122223333:accesspoint/a.mrap":                        "service",
		"arn:aws:s3:${aws:RequestedRegion}:111122223333:accesspoint/a":         "region",
		"arn:aws:s3::111122223333:accesspoint/${aws:PrincipalTag/mrap}":        "alias",
		"arn:aws:s3::111122223333:accesspoint/${x}/object/*":                   "alias",
		"arn:aws:s3:::bucket/${aws:username}/*":                                "",
		"${aws_s3control_multi_region_access_point.example.arn}/object/*":      "",
		"arn:aws:s3::111122223333:accesspoint/a.mrap":                          "",
		"arn:aws:s3::${aws:PrincipalAccount":                                   "", // not a complete ARN
	} {
		if got := MRAPField(r); got != want {
			t.Errorf("MRAPField(%q) = %q, want %q", r, got, want)
		}
	}
}
