package diff

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/rules"
)

func TestDefaultCatalog(t *testing.T) {
	_, err := fs.Stat(rules.FS, catalogPath)
	if errors.Is(err, fs.ErrNotExist) {
		if DefaultCatalog() != nil {
			t.Fatal("DefaultCatalog() is not nil without rules/" + catalogPath)
		}
		t.Logf("rules/%s is not built in yet: DefaultCatalog is nil", catalogPath)
		return
	}
	if _, err := defaultCatalog(); err != nil {
		t.Fatalf("built-in catalog: %v", err)
	}
	if n := DefaultCatalog().Len(); n < 100 {
		t.Errorf("built-in catalog has %d actions, want the S3 list (180 or so)", n)
	}
}

func TestParseCatalog(t *testing.T) {
	tests := []struct {
		name, data string
		wantErr    bool
		expand     string
		want       []string
	}{
		{name: "fixture shape", data: `{"actions": {"s3:getobject": {"name": "s3:GetObject", "access_level": "Read", "via_mrap": true}, "s3:getobjectacl": {"name": "s3:GetObjectAcl"}, "s3:putobject": {"name": "s3:PutObject"}}}`,
			expand: "S3:GetObject*", want: []string{"s3:GetObject", "s3:GetObjectAcl"}},
		{name: "literal", data: `{"actions": {"s3:getobject": {"name": "s3:GetObject"}}}`, expand: "s3:getOBJECT", want: []string{"s3:GetObject"}},
		{name: "question mark", data: `{"actions": {"s3:getobject": {"name": "s3:GetObject"}, "s3:getobjecta": {"name": "s3:GetObjectA"}}}`, expand: "s3:GetObjec?", want: []string{"s3:GetObject"}},
		{name: "bare names", data: `{"actions": {"s3:getobject": {"name": "GetObject"}}}`, expand: "s3:*", want: []string{"s3:GetObject"}},
		{name: "not json", data: `{`, wantErr: true},
		{name: "no actions", data: `{"actions": {}}`, wantErr: true},
		{name: "name not matching key", data: `{"actions": {"s3:getobject": {"name": "s3:PutObject"}}}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCatalog([]byte(tt.data))
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseCatalog() error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			var got []string
			for _, i := range c.expand(tt.expand) {
				got = append(got, c.names[i])
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("expand(%q) (-want +got):\n%s", tt.expand, d)
			}
		})
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		p, s string
		fold bool
		want bool
	}{
		{"s3:Get*", "s3:GetObject", false, true},
		{"s3:get*", "s3:GetObject", false, false},
		{"s3:get*", "s3:GetObject", true, true},
		{"*", "", false, true},
		{"a*b*c", "aXbYbZc", false, true},
		{"a*b*c", "aXbYbZ", false, false},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"a?c", "aéc", false, true},
		{"**", "x", false, true},
	}
	for _, tt := range tests {
		if got := glob(tt.p, tt.s, tt.fold); got != tt.want {
			t.Errorf("glob(%q, %q, %v) = %v, want %v", tt.p, tt.s, tt.fold, got, tt.want)
		}
	}
}

func TestPatternCovers(t *testing.T) {
	tests := []struct {
		p, q string
		arn  bool
		want tri
	}{
		{"s3:*", "s3:Get*", false, yes},
		{"s3:Get*", "s3:GetObject*", false, yes},
		{"s3:GetObject*", "s3:Get*", false, no},
		{"s3:Get?Acl", "s3:Get*Acl", false, no},
		{"*", "anything*", false, yes},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/object/*", "arn:aws:s3::111122223333:accesspoint/a.mrap/object/logs/*", true, yes},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/object/logs/*", "arn:aws:s3::111122223333:accesspoint/a.mrap/object/*", true, no},
		{"arn:aws:s3::*", "arn:aws:s3::111122223333:accesspoint/x", true, maybe},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap", "arn:aws:s3::*:accesspoint/a.mrap", true, no},
	}
	for _, tt := range tests {
		if got := patternCovers(tt.p, tt.q, false, tt.arn); got != tt.want {
			t.Errorf("patternCovers(%q, %q) = %v, want %v", tt.p, tt.q, got, tt.want)
		}
	}
}
