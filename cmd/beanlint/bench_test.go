package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/rules"
)

// largeTemplate writes the fixed example grown to about resources
// resources (extra subnets, route tables, associations and security groups
// in the same VPC) and returns its path.
func largeTemplate(b *testing.B, resources int) string {
	return paddedTemplate(b, resources, 0)
}

// paddedTemplate is largeTemplate with each extra security group carrying
// tags, so that the file grows to about size bytes (0: no tags).
func paddedTemplate(b *testing.B, resources, size int) string {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRootB(b), fixedFile))
	if err != nil {
		b.Fatal(err)
	}
	tmpl := string(data)
	i := strings.Index(tmpl, "\nOutputs:")
	if i < 0 {
		b.Fatal("fixed example has no Outputs section")
	}
	var extra strings.Builder
	base := strings.Count(tmpl, "Type: AWS::")
	for n := 0; base+4*n+4 <= resources; n++ {
		fmt.Fprintf(&extra, `
  ExtraSubnet%[1]d:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      CidrBlock: 10.0.%[2]d.0/24
      AvailabilityZone: !Select [%[3]d, !GetAZs ""]
  ExtraRouteTable%[1]d:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref VPC
  ExtraAssociation%[1]d:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref ExtraSubnet%[1]d
      RouteTableId: !Ref ExtraRouteTable%[1]d
  ExtraSecurityGroup%[1]d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: extra group %[1]d
      VpcId: !Ref VPC
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 8080
          ToPort: 8080
          CidrIp: 10.0.0.0/16
`, n, 10+n, n%3)
		if size > 0 {
			extra.WriteString("      Tags:\n")
			for k := 0; k < size/(resources/4)/120; k++ {
				fmt.Fprintf(&extra, "        - Key: padding-%d\n          Value: %s\n", k, strings.Repeat("x", 80))
			}
		}
	}
	path := filepath.Join(b.TempDir(), fmt.Sprintf("template-%d-%d.yaml", resources, size))
	if err := os.WriteFile(path, []byte(tmpl[:i]+extra.String()+tmpl[i:]), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

func moduleRootB(b *testing.B) string {
	b.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLint measures a whole lint run in process: load, rules, report.
func BenchmarkLint(b *testing.B) {
	root := moduleRootB(b)
	inputs := map[string][]string{
		"examples":          {filepath.Join(root, brokenExample), filepath.Join(root, fixedExample)},
		"150-resources":     {largeTemplate(b, 150)},
		"500-resources":     {largeTemplate(b, 500)},
		"500-resources-1MB": {paddedTemplate(b, 500, 1<<20)},
	}
	for _, name := range []string{"examples", "150-resources", "500-resources", "500-resources-1MB"} {
		for _, format := range []string{"text", "sarif"} {
			b.Run(name+"/"+format, func(b *testing.B) {
				args := append([]string{"--fail-on", "none", "-f", format}, inputs[name]...)
				for b.Loop() {
					if code := run(args, nil, io.Discard, io.Discard, func(string) string { return "" }); code != 0 {
						b.Fatalf("exit code %d", code)
					}
				}
			})
		}
	}
}

// BenchmarkProcess measures the DESIGN.md performance contract as a user
// sees it: process start to exit of a built beanlint on a 150-resource
// template.
func BenchmarkProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "beanlint")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	tmpl := largeTemplate(b, 150)
	for b.Loop() {
		cmd := exec.Command(bin, "--fail-on", "none", "-f", "sarif", tmpl)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("beanlint: %v\n%s", err, out)
		}
	}
}

// BenchmarkStages splits a run into parsing (load: read, parse, resolve,
// build the graph) and linting (load plus rules), to check DESIGN.md's
// "lint time ≤ 2× parse-only time".
func BenchmarkStages(b *testing.B) {
	for _, n := range []int{150, 500} {
		tmpl := largeTemplate(b, n)
		b.Run(fmt.Sprintf("%d-resources/parse", n), func(b *testing.B) {
			for b.Loop() {
				if res := load.Load([]string{tmpl}, load.Options{}); len(res.Errors) > 0 {
					b.Fatal(res.Errors[0])
				}
			}
		})
		b.Run(fmt.Sprintf("%d-resources/parse+rules", n), func(b *testing.B) {
			for b.Loop() {
				res := load.Load([]string{tmpl}, load.Options{})
				if len(res.Errors) > 0 {
					b.Fatal(res.Errors[0])
				}
				rules.Run(res.Graph, rules.Options{})
			}
		})
	}
}
