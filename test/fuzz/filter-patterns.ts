/**
 * Filter patterns (the EventBridge pattern language) that are malformed in the ways a compiler could
 * trip on: wrong JSON types under each operator, empty lists, numbers past double range, prototype
 * member names, operators nobody knows. A few valid ones keep the accepted path busy too.
 */
export const FILTER_PATTERNS = [
  '{}', '[]', 'null', '1', '"x"', '{"a":1}', '{"a":[]}', '{"a":[{}]}', '{"a":[[]]}', '{"a":[null]}', '{"a":[{"prefix":1}]}', '{"a":[{"prefix":{"equals-ignore-case":1}}]}',
  '{"a":[{"suffix":""}]}', '{"a":[{"numeric":[">","x"]}]}', '{"a":[{"numeric":[">",1,">",2]}]}', '{"a":[{"numeric":["=",1e400]}]}', '{"a":[{"numeric":[]}]}',
  '{"a":[{"numeric":["<",-1e400,">",1e308]}]}', '{"a":[{"anything-but":{"prefix":{"x":1}}}]}', '{"a":[{"anything-but":[]}]}', '{"a":[{"anything-but":[[1]]}]}',
  '{"a":[{"exists":"yes"}]}', '{"a":[{"exists":false}]}', '{"a":[{"cidr":"10.0.0.0/99"}]}', '{"a":[{"cidr":"::1/129"}]}', `{"a":[{"wildcard":"${'*'.repeat(1000)}"}]}`,
  '{"a":[{"equals-ignore-case":1}]}', '{"$or":[]}', '{"$or":[{"a":[1]}]}', '{"$or":[{"$or":[{"a":[1]}]}]}', '{"__proto__":{"a":[1]}}', '{"constructor":["x"]}',
  '{"a":[{"unknown-op":1}]}', '{"a":{"b":{"c":[1]}}}', '{"body":{"a":[{"numeric":[">",0,"<=",5]}]}}', '{"eventName":["INSERT"],"dynamodb":{"Keys":{"id":{"S":[{"prefix":"f"}]}}}}',
];
