package dev.mcpgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.util.RawValue;

/**
 * The output check asserts formats as the official TypeScript client does (Ajv with
 * ajv-formats), the OpenAPI formats included, so that what it passes that client passes too.
 */
class OutputContractTest {

  private static final String DECLARED = "{\"type\":\"object\",\"properties\":{"
      + "\"count\":{\"type\":\"integer\",\"format\":\"int32\"},"
      + "\"big\":{\"type\":\"number\",\"format\":\"int64\"},"
      + "\"blob\":{\"type\":\"string\",\"format\":\"byte\"},"
      + "\"at\":{\"type\":\"string\",\"format\":\"date-time\"},"
      + "\"when\":{\"type\":\"string\",\"format\":\"unix-time\"}}}";

  private final OutputContract contract = new OutputContract(DECLARED,
      new RawValue(new SerializedString("{\"name\":\"t\",\"outputSchema\":" + DECLARED + "}")));

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void valuesTheTypeScriptClientAcceptsPass() {
    assertThat(contract.checkDeclared(json("{\"count\":2147483647,\"big\":9007199254740993,"
        + "\"blob\":\"aGVsbG8=\",\"at\":\"2026-01-02T03:04:05Z\",\"when\":\"anything\"}")))
        .isEmpty();
  }

  @Test
  void valuesTheTypeScriptClientRefusesAreRefused() {
    assertThat(contract.checkDeclared(json("{\"count\":2147483648}"))).hasSize(1);
    assertThat(contract.checkDeclared(json("{\"big\":1.5}"))).hasSize(1);
    assertThat(contract.checkDeclared(json("{\"blob\":\"@@@\"}"))).hasSize(1);
    assertThat(contract.checkDeclared(json("{\"at\":\"2026-01-02T03:04:05\"}"))).hasSize(1);
  }

  @Test
  void theRelaxedFormAssertsNoFormatAtAll() {
    assertThat(contract.checkRelaxed(json("{\"count\":2147483648,\"big\":1.5,\"blob\":\"@@@\","
        + "\"at\":\"yesterday\"}"))).isEmpty();
    assertThat(text(contract.relaxedListing())).contains("\"count\"").doesNotContain("format");
    assertThat(text(contract.bareListing())).isEqualTo("{\"name\":\"t\"}");
  }

  private static String text(RawValue listing) {
    return ((SerializedString) listing.rawValue()).getValue();
  }
}
