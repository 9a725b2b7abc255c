package emulator

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"
)

// Namespace is the XML namespace of every S3 Control request and response.
const Namespace = "http://awss3control.amazonaws.com/doc/2018-08-20/"

// timeFormat is how AWS writes timestamps in S3 Control XML (UTC, millis).
const timeFormat = "2006-01-02T15:04:05.000Z"

// Requests, as the SDKs serialize them. Pointers tell a missing element from
// an empty one: AWS rejects the former and may accept the latter.

// PutPolicyRequest is the body of PutMultiRegionAccessPointPolicy.
type PutPolicyRequest struct {
	XMLName     xml.Name          `xml:"PutMultiRegionAccessPointPolicyRequest"`
	ClientToken *string           `xml:"ClientToken"`
	Details     *PutPolicyDetails `xml:"Details"`
}

// PutPolicyDetails is the Details element of PutMultiRegionAccessPointPolicy.
type PutPolicyDetails struct {
	Name   *string `xml:"Name"`
	Policy *string `xml:"Policy"`
}

// CreateRequest is the body of CreateMultiRegionAccessPoint.
type CreateRequest struct {
	XMLName     xml.Name       `xml:"CreateMultiRegionAccessPointRequest"`
	ClientToken *string        `xml:"ClientToken"`
	Details     *CreateDetails `xml:"Details"`
}

// CreateDetails is the Details element of CreateMultiRegionAccessPoint.
type CreateDetails struct {
	Name              *string               `xml:"Name"`
	PublicAccessBlock *PublicAccessBlockXML `xml:"PublicAccessBlock"`
	Regions           *RegionsXML           `xml:"Regions"`
}

// RegionsXML wraps the Region list of CreateMultiRegionAccessPoint.
type RegionsXML struct {
	Region []RegionXML `xml:"Region"`
}

// RegionXML is one bucket of a CreateMultiRegionAccessPoint request.
type RegionXML struct {
	Bucket          *string `xml:"Bucket"`
	BucketAccountID *string `xml:"BucketAccountId"`
}

// PublicAccessBlockXML is the PublicAccessBlock element (requests and
// responses); a nil field was absent.
type PublicAccessBlockXML struct {
	BlockPublicAcls       *bool `xml:"BlockPublicAcls,omitempty"`
	IgnorePublicAcls      *bool `xml:"IgnorePublicAcls,omitempty"`
	BlockPublicPolicy     *bool `xml:"BlockPublicPolicy,omitempty"`
	RestrictPublicBuckets *bool `xml:"RestrictPublicBuckets,omitempty"`
}

// Responses. The root carries the namespace, as AWS's do.

type putPolicyResult struct {
	XMLName         xml.Name `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ PutMultiRegionAccessPointPolicyResult"`
	RequestTokenARN string   `xml:"RequestTokenARN"`
}

type createResult struct {
	XMLName         xml.Name `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ CreateMultiRegionAccessPointResult"`
	RequestTokenARN string   `xml:"RequestTokenARN"`
}

type getMRAPResult struct {
	XMLName     xml.Name      `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ GetMultiRegionAccessPointResult"`
	AccessPoint mrapReportXML `xml:"AccessPoint"`
}

type listMRAPResult struct {
	XMLName      xml.Name        `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ ListMultiRegionAccessPointsResult"`
	AccessPoints []mrapReportXML `xml:"AccessPoints>AccessPoint"`
	NextToken    string          `xml:"NextToken,omitempty"`
}

type mrapReportXML struct {
	Name              string               `xml:"Name"`
	Alias             string               `xml:"Alias"`
	CreatedAt         string               `xml:"CreatedAt"`
	PublicAccessBlock PublicAccessBlockXML `xml:"PublicAccessBlock"`
	Status            string               `xml:"Status"`
	Regions           []regionReportXML    `xml:"Regions>Region"`
}

type regionReportXML struct {
	Bucket          string `xml:"Bucket"`
	BucketAccountID string `xml:"BucketAccountId,omitempty"`
	Region          string `xml:"Region"`
}

type getPolicyResult struct {
	XMLName xml.Name          `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ GetMultiRegionAccessPointPolicyResult"`
	Policy  policyDocumentXML `xml:"Policy"`
}

type policyDocumentXML struct {
	Established *policyXML `xml:"Established,omitempty"`
	Proposed    *policyXML `xml:"Proposed,omitempty"`
}

type policyXML struct {
	Policy string `xml:"Policy"`
}

type getPolicyStatusResult struct {
	XMLName     xml.Name        `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ GetMultiRegionAccessPointPolicyStatusResult"`
	Established policyStatusXML `xml:"Established"`
}

type policyStatusXML struct {
	IsPublic bool `xml:"IsPublic"`
}

type describeResult struct {
	XMLName        xml.Name          `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ DescribeMultiRegionAccessPointOperationResult"`
	AsyncOperation asyncOperationXML `xml:"AsyncOperation"`
}

type asyncOperationXML struct {
	CreationTime      string               `xml:"CreationTime"`
	Operation         string               `xml:"Operation"`
	RequestParameters requestParametersXML `xml:"RequestParameters"`
	RequestStatus     string               `xml:"RequestStatus"`
	RequestTokenARN   string               `xml:"RequestTokenARN"`
	ResponseDetails   responseDetailsXML   `xml:"ResponseDetails"`
}

type requestParametersXML struct {
	Create *createParamsXML    `xml:"CreateMultiRegionAccessPointRequest,omitempty"`
	Put    *putPolicyParamsXML `xml:"PutMultiRegionAccessPointPolicyRequest,omitempty"`
}

type createParamsXML struct {
	Name              string               `xml:"Name"`
	PublicAccessBlock PublicAccessBlockXML `xml:"PublicAccessBlock"`
	Regions           []regionParamXML     `xml:"Regions>Region"`
}

type regionParamXML struct {
	Bucket          string `xml:"Bucket"`
	BucketAccountID string `xml:"BucketAccountId,omitempty"`
}

type putPolicyParamsXML struct {
	Name   string `xml:"Name"`
	Policy string `xml:"Policy"`
}

type responseDetailsXML struct {
	MultiRegionAccessPointDetails *regionalDetailsXML `xml:"MultiRegionAccessPointDetails,omitempty"`
	ErrorDetails                  *errorDetailsXML    `xml:"ErrorDetails,omitempty"`
}

type regionalDetailsXML struct {
	Regions []regionalResponseXML `xml:"Regions>Region"`
}

type regionalResponseXML struct {
	Name          string `xml:"Name"`
	RequestStatus string `xml:"RequestStatus"`
}

type errorDetailsXML struct {
	Code      string `xml:"Code"`
	Message   string `xml:"Message"`
	Resource  string `xml:"Resource,omitempty"`
	RequestID string `xml:"RequestId,omitempty"`
}

type errorResponseXML struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
	HostID    string   `xml:"HostId"`
}

// encodeXML renders a response document with the XML declaration AWS sends.
func encodeXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header[:len(xml.Header)-1]) // without the newline, as AWS
	if err := xml.NewEncoder(&b).Encode(v); err != nil {
		return nil, fmt.Errorf("encode response: %w", err)
	}
	return b.Bytes(), nil
}

var errTrailingData = errors.New("data after the root element")

// decodeXML decodes a request body into v (a pointer to a request struct
// whose XMLName names the root). The root must be in no namespace or in
// Namespace, and nothing but whitespace, comments or processing instructions
// may follow it.
func decodeXML(body []byte, v any, root *xml.Name) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(v); err != nil {
		return err
	}
	if root.Space != "" && root.Space != Namespace {
		return fmt.Errorf("root element in namespace %q, want %q", root.Space, Namespace)
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return errTrailingData
			}
		case xml.Comment, xml.ProcInst:
		default:
			return errTrailingData
		}
	}
}

// DecodePutPolicy decodes a PutMultiRegionAccessPointPolicy request body. It
// checks the XML only; the handler validates the fields.
func DecodePutPolicy(body []byte) (*PutPolicyRequest, error) {
	var req PutPolicyRequest
	if err := decodeXML(body, &req, &req.XMLName); err != nil {
		return nil, err
	}
	return &req, nil
}

// DecodeCreate decodes a CreateMultiRegionAccessPoint request body.
func DecodeCreate(body []byte) (*CreateRequest, error) {
	var req CreateRequest
	if err := decodeXML(body, &req, &req.XMLName); err != nil {
		return nil, err
	}
	return &req, nil
}

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }
