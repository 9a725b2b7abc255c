package pipeline

// PlanJSON is the json plan format's document, for the tests in
// package pipeline_test.
type PlanJSON = planOutputJSON

// ReportRules are the rules the findings report of pl describes.
func ReportRules(pl *Planned) []string {
	var ids []string
	for _, r := range pl.lintReport().Rules {
		ids = append(ids, r.ID)
	}
	return ids
}
