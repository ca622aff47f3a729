// Command k8s-validate checks Kubernetes manifests (e.g. `helm template` output on stdin) against the
// Kubernetes API's own Go types with strict decoding: an unknown or misspelled field, a duplicate field,
// a wrong type or an unknown kind fails. It needs no cluster and no downloaded JSON schemas, which
// kubeconform would fetch from the internet.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

func main() {
	decoder := serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(os.Stdin))
	valid, invalid := 0, 0
	for {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "reading manifests: %v\n", err)
			os.Exit(2)
		}
		if len(bytes.TrimSpace(stripComments(document))) == 0 {
			continue
		}
		object, kind, err := decoder.Decode(document, nil, nil)
		if err != nil {
			invalid++
			fmt.Fprintf(os.Stderr, "INVALID %v\n%s\n", err, document)
			continue
		}
		valid++
		fmt.Printf("valid %s %s\n", kind.Kind, nameOf(object))
	}
	fmt.Printf("%d valid, %d invalid\n", valid, invalid)
	if invalid > 0 || valid == 0 {
		os.Exit(1)
	}
}

func stripComments(document []byte) []byte {
	var kept [][]byte
	for _, line := range bytes.Split(document, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) {
			kept = append(kept, line)
		}
	}
	return bytes.Join(kept, []byte("\n"))
}

func nameOf(object interface{}) string {
	if named, ok := object.(interface{ GetName() string }); ok {
		return named.GetName()
	}
	return ""
}
