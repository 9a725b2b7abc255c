package policy

// Pos is a position in the source: 1-based line and column (the column counts
// Unicode code points) and the 0-based byte offset.
type Pos struct {
	Line   int
	Column int
	Offset int
}

// Kind is the JSON type of a Node.
type Kind uint8

const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
	// Unresolved is a value the source decides only at deploy time (a
	// template's parameter, a Terraform variable). It is built by template
	// readers, never by Parse; see Expr.
	Unresolved
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	case Unresolved:
		return "unresolved value"
	}
	return "unknown"
}

// Node is one JSON value of the raw document, with its source span.
type Node struct {
	Kind Kind
	// Text is the decoded string for String, the literal text for Number
	// (as written, e.g. "1e3"), and "true"/"false" for Bool.
	Text    string
	Elems   []*Node  // Array elements
	Members []Member // Object members in source order (duplicates included)
	Start   Pos      // first byte of the value
	End     Pos      // just past the last byte of the value; zero when unknown
	// Expr describes an Unresolved node (nil for every other kind). Its
	// Text is the expression as the source wrote it.
	Expr *Expr
}

// Expr is what an Unresolved node stands for.
type Expr struct {
	// Parts of a string that is partly known, in order: literal text and
	// the expressions between it ("arn:aws:s3::", "${AWS::AccountId}", …).
	// Nil when nothing of the value is known.
	Parts []Part
	// Why the value is unknown offline and how to make it known, for the
	// iac/unresolved finding ("a parameter without Default: give
	// --parameter Account=VALUE").
	Why string
}

// Part is a piece of a partly known string.
type Part struct {
	Text string // the literal text, or the expression as written
	Expr bool   // Text is an expression
}

// Member is one key/value pair of an object.
type Member struct {
	Key    string
	KeyPos Pos
	Value  *Node
}

// Get returns the value of the last member named key (the one JSON decoders
// keep when a key is duplicated), or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// Problem IDs recorded by Parse. They are lint rule IDs.
const (
	RuleSyntax       = "json/syntax"
	RuleDuplicateKey = "json/duplicate-key"
	RuleStructure    = "policy/structure"
	RuleSize         = "policy/size"
	// RuleUnresolved is recorded by Build for every Unresolved node: what
	// was not checked and why.
	RuleUnresolved = "iac/unresolved"
)

// Problem is something wrong with the input that Parse found.
type Problem struct {
	Rule    string // one of the Rule* constants
	Message string
	Pointer string // JSON pointer of the offending element; "" for the whole document
	Pos     Pos
}

// Document is a parsed policy file.
type Document struct {
	Name string // as given by the caller: a path, or "<stdin>"
	// Resource is the template resource that holds the policy (a
	// CloudFormation logical ID, a Terraform address); "" for a policy file.
	Resource string
	// Bytes is the input, unmodified; for a Built document, the policy
	// text the template holds, or the canonical JSON when it holds a tree.
	Bytes    []byte
	Root     *Node  // raw tree; nil when the input is not JSON
	Policy   Policy // normalized typed view; zero when Root is not an object
	Problems []Problem
}

// Policy is the normalized, typed view of a policy document. Elements of the
// wrong JSON type are absent here (they are Problems of the Document); in a
// Condition, only the operators and keys of the wrong type are left out.
type Policy struct {
	Version    string
	HasVersion bool
	ID         string
	Statements []Statement
}

// Statement is one normalized statement. A nil slice or map means the element
// is absent; a non-nil empty one means it is present and empty.
type Statement struct {
	Index        int // index in the document's Statement list (0 for a lone object)
	Sid          string
	HasSid       bool
	Effect       string
	Principal    Principal
	NotPrincipal Principal
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	Condition    Condition
}

// Principal maps a principal type (AWS, Service, Federated, CanonicalUser) to
// its values. The string form "*" is normalized to {"AWS": ["*"]}.
type Principal map[string][]string

// Condition maps operator → condition key → values. Keys are kept as written
// (IAM compares them case-insensitively); scalar values are kept as their JSON
// text, so true and "true" are both "true".
type Condition map[string]map[string][]string
