package emulator

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The element paths here are those of shared/reference/s3control-mrap.md
// (checked there against aws-sdk-go-v2 s3control v1.71.1): requests as the
// SDK serializes them, responses as its deserializers read them.

const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>`

func TestEncodeResponses(t *testing.T) {
	yes, no := true, false
	created := time.Date(2026, 5, 4, 12, 0, 0, 123e6, time.UTC)
	tests := []struct {
		name string
		v    any
		want string
	}{
		{
			name: "PutMultiRegionAccessPointPolicy",
			v:    putPolicyResult{RequestTokenARN: "arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/abc"},
			want: xmlDecl + `<PutMultiRegionAccessPointPolicyResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` +
				`<RequestTokenARN>arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/abc</RequestTokenARN>` +
				`</PutMultiRegionAccessPointPolicyResult>`,
		},
		{
			name: "GetMultiRegionAccessPointPolicy: policy JSON travels XML-escaped",
			v: getPolicyResult{Policy: policyDocumentXML{
				Established: &policyXML{Policy: `{"Sid":"a<b & c>d"}`},
				Proposed:    &policyXML{Policy: `{"Sid":"new"}`},
			}},
			want: xmlDecl + `<GetMultiRegionAccessPointPolicyResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` +
				`<Policy><Established><Policy>{&#34;Sid&#34;:&#34;a&lt;b &amp; c&gt;d&#34;}</Policy></Established>` +
				`<Proposed><Policy>{&#34;Sid&#34;:&#34;new&#34;}</Policy></Proposed></Policy>` +
				`</GetMultiRegionAccessPointPolicyResult>`,
		},
		{
			name: "GetMultiRegionAccessPointPolicy: proposed only",
			v:    getPolicyResult{Policy: policyDocumentXML{Proposed: &policyXML{Policy: `{}`}}},
			want: xmlDecl + `<GetMultiRegionAccessPointPolicyResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` +
				`<Policy><Proposed><Policy>{}</Policy></Proposed></Policy></GetMultiRegionAccessPointPolicyResult>`,
		},
		{
			name: "GetMultiRegionAccessPointPolicyStatus",
			v:    getPolicyStatusResult{Established: policyStatusXML{IsPublic: true}},
			want: xmlDecl + `<GetMultiRegionAccessPointPolicyStatusResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` +
				`<Established><IsPublic>true</IsPublic></Established></GetMultiRegionAccessPointPolicyStatusResult>`,
		},
		{
			name: "GetMultiRegionAccessPoint",
			v: getMRAPResult{AccessPoint: mrapReportXML{
				Name: "demo", Alias: "mfzwi23gnjvgw.mrap", CreatedAt: formatTime(created),
				PublicAccessBlock: PublicAccessBlockXML{BlockPublicAcls: &yes, IgnorePublicAcls: &yes, BlockPublicPolicy: &no, RestrictPublicBuckets: &yes},
				Status:            "READY",
				Regions:           []regionReportXML{{Bucket: "b1", Region: "us-east-1"}, {Bucket: "b2", BucketAccountID: "444455556666", Region: "eu-west-1"}},
			}},
			want: xmlDecl + `<GetMultiRegionAccessPointResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><AccessPoint>` +
				`<Name>demo</Name><Alias>mfzwi23gnjvgw.mrap</Alias><CreatedAt>2026-05-04T12:00:00.123Z</CreatedAt>` +
				`<PublicAccessBlock><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>` +
				`<BlockPublicPolicy>false</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlock>` +
				`<Status>READY</Status><Regions>` +
				`<Region><Bucket>b1</Bucket><Region>us-east-1</Region></Region>` +
				`<Region><Bucket>b2</Bucket><BucketAccountId>444455556666</BucketAccountId><Region>eu-west-1</Region></Region>` +
				`</Regions></AccessPoint></GetMultiRegionAccessPointResult>`,
		},
		{
			name: "ListMultiRegionAccessPoints",
			v: listMRAPResult{
				AccessPoints: []mrapReportXML{{Name: "a", Alias: "ma.mrap", CreatedAt: formatTime(created), Status: "CREATING"}},
				NextToken:    "YQ",
			},
			want: xmlDecl + `<ListMultiRegionAccessPointsResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` +
				`<AccessPoints><AccessPoint><Name>a</Name><Alias>ma.mrap</Alias><CreatedAt>2026-05-04T12:00:00.123Z</CreatedAt>` +
				`<PublicAccessBlock></PublicAccessBlock><Status>CREATING</Status><Regions></Regions></AccessPoint></AccessPoints>` +
				`<NextToken>YQ</NextToken></ListMultiRegionAccessPointsResult>`,
		},
		{
			name: "DescribeMultiRegionAccessPointOperation: failed put",
			v: describeResult{AsyncOperation: asyncOperationXML{
				CreationTime:      formatTime(created),
				Operation:         OpPutPolicy,
				RequestParameters: requestParametersXML{Put: &putPolicyParamsXML{Name: "demo", Policy: `{"a":1}`}},
				RequestStatus:     "FAILED",
				RequestTokenARN:   "arn:t",
				ResponseDetails: responseDetailsXML{
					MultiRegionAccessPointDetails: &regionalDetailsXML{Regions: []regionalResponseXML{{Name: "us-east-1", RequestStatus: "FAILED"}}},
					ErrorDetails:                  &errorDetailsXML{Code: "AccessDenied", Message: "no", Resource: "arn:r", RequestID: "R1"},
				},
			}},
			want: xmlDecl + `<DescribeMultiRegionAccessPointOperationResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><AsyncOperation>` +
				`<CreationTime>2026-05-04T12:00:00.123Z</CreationTime><Operation>PutMultiRegionAccessPointPolicy</Operation>` +
				`<RequestParameters><PutMultiRegionAccessPointPolicyRequest><Name>demo</Name><Policy>{&#34;a&#34;:1}</Policy></PutMultiRegionAccessPointPolicyRequest></RequestParameters>` +
				`<RequestStatus>FAILED</RequestStatus><RequestTokenARN>arn:t</RequestTokenARN>` +
				`<ResponseDetails><MultiRegionAccessPointDetails><Regions><Region><Name>us-east-1</Name><RequestStatus>FAILED</RequestStatus></Region></Regions></MultiRegionAccessPointDetails>` +
				`<ErrorDetails><Code>AccessDenied</Code><Message>no</Message><Resource>arn:r</Resource><RequestId>R1</RequestId></ErrorDetails></ResponseDetails>` +
				`</AsyncOperation></DescribeMultiRegionAccessPointOperationResult>`,
		},
		{
			name: "error",
			v:    errorResponseXML{Code: "NoSuchMultiRegionAccessPoint", Message: "gone", RequestID: "R2", HostID: "H"},
			want: xmlDecl + `<ErrorResponse><Error><Code>NoSuchMultiRegionAccessPoint</Code><Message>gone</Message></Error>` +
				`<RequestId>R2</RequestId><HostId>H</HostId></ErrorResponse>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := encodeXML(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestDecodePutPolicy(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    *PutPolicyRequest
		wantErr bool
	}{
		{
			// Byte for byte what aws-sdk-go-v2 sends.
			name: "sdk",
			body: `<PutMultiRegionAccessPointPolicyRequest xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` +
				`<ClientToken>0123abcd</ClientToken><Details><Name>demo</Name>` +
				`<Policy>{&#34;Version&#34;:&#34;2012-10-17&#34;,&#34;Sid&#34;:&#34;a&lt;b&#34;}</Policy></Details>` +
				`</PutMultiRegionAccessPointPolicyRequest>`,
			want: &PutPolicyRequest{ClientToken: ptr("0123abcd"), Details: &PutPolicyDetails{Name: ptr("demo"), Policy: ptr(`{"Version":"2012-10-17","Sid":"a<b"}`)}},
		},
		{
			name: "AWS documentation layout, declaration, entities, CDATA",
			body: `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
				`<PutMultiRegionAccessPointPolicyRequest xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` + "\n" +
				"  <ClientToken>t</ClientToken>\n  <Details>\n    <Name>demo</Name>\n" +
				`    <Policy><![CDATA[{"a":"&amp;"}]]></Policy>` + "\n  </Details>\n</PutMultiRegionAccessPointPolicyRequest>\n",
			want: &PutPolicyRequest{ClientToken: ptr("t"), Details: &PutPolicyDetails{Name: ptr("demo"), Policy: ptr(`{"a":"&amp;"}`)}},
		},
		{
			name: "no namespace, empty token",
			body: `<PutMultiRegionAccessPointPolicyRequest><ClientToken></ClientToken></PutMultiRegionAccessPointPolicyRequest>`,
			want: &PutPolicyRequest{ClientToken: ptr("")},
		},
		{name: "other namespace", body: `<PutMultiRegionAccessPointPolicyRequest xmlns="urn:x"/>`, wantErr: true},
		{name: "other root", body: `<CreateMultiRegionAccessPointRequest/>`, wantErr: true},
		{name: "trailing element", body: `<PutMultiRegionAccessPointPolicyRequest/><x/>`, wantErr: true},
		{name: "trailing text", body: `<PutMultiRegionAccessPointPolicyRequest/>junk`, wantErr: true},
		{name: "unclosed", body: `<PutMultiRegionAccessPointPolicyRequest><Details>`, wantErr: true},
		{name: "empty", body: ``, wantErr: true},
		{name: "undefined entity", body: `<PutMultiRegionAccessPointPolicyRequest><ClientToken>&xxe;</ClientToken></PutMultiRegionAccessPointPolicyRequest>`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodePutPolicy([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			got.XMLName.Space, got.XMLName.Local = "", ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeCreate(t *testing.T) {
	body := `<CreateMultiRegionAccessPointRequest xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` +
		`<ClientToken>tok</ClientToken><Details><Name>demo</Name>` +
		`<PublicAccessBlock><BlockPublicAcls>true</BlockPublicAcls><BlockPublicPolicy>false</BlockPublicPolicy></PublicAccessBlock>` +
		`<Regions><Region><Bucket>b1</Bucket></Region><Region><Bucket>b2</Bucket><BucketAccountId>444455556666</BucketAccountId></Region></Regions>` +
		`</Details></CreateMultiRegionAccessPointRequest>`
	got, err := DecodeCreate([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	got.XMLName.Space, got.XMLName.Local = "", ""
	want := &CreateRequest{ClientToken: ptr("tok"), Details: &CreateDetails{
		Name:              ptr("demo"),
		PublicAccessBlock: &PublicAccessBlockXML{BlockPublicAcls: ptr(true), BlockPublicPolicy: ptr(false)},
		Regions:           &RegionsXML{Region: []RegionXML{{Bucket: ptr("b1")}, {Bucket: ptr("b2"), BucketAccountID: ptr("444455556666")}}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
