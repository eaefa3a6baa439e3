package cloudformation

import (
	"strings"
	"testing"
)

// TestParameterConstraints checks the values given for parameters against
// AllowedValues and AllowedPattern.
func TestParameterConstraints(t *testing.T) {
	const src = `Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
  Name:
    Type: String
    AllowedPattern: '[a-z][a-z0-9-]*'
  Zones:
    Type: CommaDelimitedList
    AllowedValues: [a, b, c]
  Secret:
    Type: String
    NoEcho: true
    AllowedPattern: '\d{4}'
  Count:
    Type: Number
    AllowedValues: [1, 2]
  Java:
    Type: String
    AllowedPattern: '(?=x)x'
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
`
	tests := []struct {
		name   string
		params map[string]string
		want   string // the error, "" for none
	}{
		{"allowed value", map[string]string{"Env": "prod"}, ""},
		{"value not allowed", map[string]string{"Env": "staging"}, `t.yaml:4:20: parameter Env: the value "staging" given is not one of its AllowedValues (dev, prod); CloudFormation would refuse to create the stack`},
		{"pattern matches", map[string]string{"Name": "web-1"}, ""},
		{"pattern matches only a part", map[string]string{"Name": "web_1"}, `t.yaml:7:21: parameter Name: the value "web_1" given does not match its AllowedPattern [a-z][a-z0-9-]*`},
		{"list elements allowed", map[string]string{"Zones": "a, c"}, ""},
		{"list element not allowed", map[string]string{"Zones": "a,d"}, `parameter Zones: the value "d" given is not one of its AllowedValues (a, b, c)`},
		{"secret not shown", map[string]string{"Secret": "12345"}, `parameter Secret: the value given (NoEcho, not shown) does not match its AllowedPattern \d{4}`},
		{"secret matches", map[string]string{"Secret": "1234"}, ""},
		{"number not checked", map[string]string{"Count": "1.0"}, ""},
		{"Java-only pattern not checked", map[string]string{"Java": "y"}, ""},
		{"undeclared", map[string]string{"Other": "x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := buildSource(t, Options{Parameters: tt.params}, [2]string{"t.yaml", src})
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("errors %q, want none", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("errors %q, want one with %q", got, tt.want)
			case strings.Contains(strings.Join(got, ""), "12345"):
				t.Errorf("a NoEcho value is shown: %q", got)
			}
		})
	}
}
