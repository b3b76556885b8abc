// kube-check decodes every document of a rendered manifest stream (`helm template`
// output, from a file or stdin) into the Kubernetes API type its apiVersion and
// kind name, with the API server's strict serializer: an unknown field, a field
// of the wrong type or a duplicate key is an error, as `kubectl apply
// --validate=strict` would report. A kind it has no type for is an error too, so
// a template cannot slip past by misspelling its kind.
//
// On success it prints the decoded objects as one JSON array (what the caller
// asserts on); on any error it prints every error, each with its template, and
// exits 1.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// decoded is one document as the caller sees it.
type decoded struct {
	Source     string         `json:"source"`
	APIVersion string         `json:"apiVersion"`
	Kind       string         `json:"kind"`
	Object     runtime.Object `json:"object"`
}

// document is one YAML document of the stream and the template it came from.
type document struct {
	source string
	body   []byte
}

func main() {
	input := io.Reader(os.Stdin)
	if len(os.Args) > 1 {
		file, err := os.Open(os.Args[1])
		if err != nil {
			fail(err)
		}
		defer file.Close()
		input = file
	}
	docs, err := split(input)
	if err != nil {
		fail(err)
	}
	objects, problems := decodeAll(docs)
	if len(problems) > 0 {
		for _, problem := range problems {
			fmt.Fprintln(os.Stderr, problem)
		}
		os.Exit(1)
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	if err := out.Encode(objects); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "kube-check:", err)
	os.Exit(1)
}

// split cuts the stream at its `---` lines, keeping helm's `# Source:` comment of each.
func split(input io.Reader) ([]document, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(input))
	var docs []document
	for {
		body, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if isBlank(body) {
			continue
		}
		docs = append(docs, document{source: sourceOf(body), body: body})
	}
}

func isBlank(body []byte) bool {
	for _, line := range strings.Split(string(body), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed != "" && trimmed != "---" && !strings.HasPrefix(trimmed, "#") {
			return false
		}
	}
	return true
}

func sourceOf(body []byte) string {
	for _, line := range strings.Split(string(body), "\n") {
		if after, found := strings.CutPrefix(strings.TrimSpace(line), "# Source: "); found {
			return after
		}
	}
	return "(no # Source line)"
}

func decodeAll(docs []document) ([]decoded, []string) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme,
		appsv1.AddToScheme,
		policyv1.AddToScheme,
		monitoringv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			return nil, []string{err.Error()}
		}
	}
	serializer := kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme, kjson.SerializerOptions{
		Yaml:   true,
		Strict: true,
	})
	objects := make([]decoded, 0, len(docs))
	var problems []string
	for _, doc := range docs {
		object, gvk, err := serializer.Decode(bytes.TrimSpace(doc.body), nil, nil)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", doc.source, err))
			continue
		}
		objects = append(objects, decoded{
			Source:     doc.source,
			APIVersion: gvk.GroupVersion().String(),
			Kind:       gvk.Kind,
			Object:     object,
		})
	}
	return objects, problems
}
