package dev.mcpgate.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class SizeLimitsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  private static long serializedBytes(JsonNode node) {
    return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    SizeLimits defaults = SizeLimits.defaults();
    assertThat(defaults.maxArgumentBytes()).isEqualTo(1024 * 1024);
    assertThat(defaults.maxStringLength()).isEqualTo(256 * 1024);
    assertThat(defaults.maxArrayItems()).isEqualTo(10_000);
    assertThat(defaults.maxDepth()).isEqualTo(32);
    assertThat(defaults.maxProperties()).isEqualTo(10_000);
    assertThat(defaults.toString())
        .isEqualTo(
            "SizeLimits[maxArgumentBytes=1048576, maxStringLength=262144, maxArrayItems=10000,"
                + " maxDepth=32, maxProperties=10000]");
  }

  @Test
  void defaultsPassAnOrdinaryCall() {
    JsonNode arguments =
        json(
            "{\"id\":42,\"query\":\"shoes\",\"filters\":{\"size\":[41,42],\"inStock\":true},"
                + "\"price\":19.99,\"note\":null}");
    assertThat(SizeLimits.defaults().check(arguments)).isEmpty();
  }

  @Test
  void theSizeIsMeasuredAsJacksonWritesIt() {
    JsonNode arguments =
        json(
            "{\"text\":\"quote \\\" backslash \\\\ tab \\t nul \\u0000 é € 😀\","
                + "\"numbers\":[0,-1,7,-9223372036854775808,9223372036854775807],"
                + "\"empty\":{},\"none\":[],\"flags\":[true,false,null],\"ключ\":\"значение\"}");
    long bytes = serializedBytes(arguments);

    assertThat(SizeLimits.builder().maxArgumentBytes(bytes).build().check(arguments)).isEmpty();
    assertThat(SizeLimits.builder().maxArgumentBytes(bytes - 1).build().check(arguments))
        .hasValueSatisfying(message -> assertThat(message).endsWith("the limit is " + (bytes - 1)));
  }

  @Test
  void argumentsAtTheByteLimitPassAndOneByteMoreIsRefused() {
    JsonNode arguments = json("{\"a\":\"xxxxxxxxxx\"}"); // 18 bytes
    SizeLimits limits = SizeLimits.builder().maxArgumentBytes(18).build();
    assertThat(limits.check(arguments)).isEmpty();

    assertThat(limits.check(json("{\"a\":\"xxxxxxxxxxx\"}")))
        .contains("/a: at least 19 bytes of arguments, the limit is 18");
  }

  @Test
  void theByteLimitNamesWhereItWasCrossed() {
    SizeLimits limits = SizeLimits.builder().maxArgumentBytes(30).build();
    assertThat(limits.check(json("{\"small\":1,\"body\":{\"items\":[\"aaaaaaaaaaaaaaa\"]}}")))
        .contains("/body/items: at least 31 bytes of arguments, the limit is 30");
  }

  @Test
  void stringsAtTheLengthLimitPassAndLongerOnesAreRefused() {
    SizeLimits limits = SizeLimits.builder().maxStringLength(10).build();
    assertThat(limits.check(json("{\"body\":{\"note\":\"0123456789\"}}"))).isEmpty();

    assertThat(limits.check(json("{\"body\":{\"note\":\"0123456789a\"}}")))
        .contains("/body/note: 11 characters, the limit is 10");
  }

  @Test
  void propertyNamesCountAsStrings() {
    SizeLimits limits = SizeLimits.builder().maxStringLength(10).build();
    assertThat(limits.check(json("{\"body\":{\"0123456789\":1}}"))).isEmpty();

    assertThat(limits.check(json("{\"body\":{\"0123456789a\":1}}")))
        .contains("/body: a property name of 11 characters, the limit is 10");
  }

  @Test
  void arraysAtTheItemLimitPassAndLargerOnesAreRefused() {
    SizeLimits limits = SizeLimits.builder().maxArrayItems(3).build();
    assertThat(limits.check(json("{\"body\":{\"items\":[1,2,3]}}"))).isEmpty();

    assertThat(limits.check(json("{\"body\":{\"items\":[1,2,3,4]}}")))
        .contains("/body/items: 4 items, the limit is 3");
  }

  @Test
  void theDefaultItemLimitReadsAsInTheExample() {
    ObjectNode arguments = NODES.objectNode();
    ArrayNode items = arguments.putObject("body").putArray("items");
    for (int i = 0; i < 20_000; i++) {
      items.add(i);
    }
    assertThat(SizeLimits.defaults().check(arguments))
        .contains("/body/items: 20000 items, the limit is 10000");
  }

  @Test
  void nestingAtTheDepthLimitPassesAndDeeperIsRefused() {
    SizeLimits limits = SizeLimits.builder().maxDepth(4).build();
    assertThat(limits.check(json("{\"a\":{\"b\":[{\"c\":1}]}}"))).isEmpty();

    assertThat(limits.check(json("{\"a\":{\"b\":[{\"c\":[1]}]}}")))
        .contains("/a/b/0/c: nested 5 levels deep, the limit is 4");
  }

  @Test
  void theArgumentsObjectIsTheFirstLevel() {
    SizeLimits limits = SizeLimits.builder().maxDepth(1).build();
    assertThat(limits.check(json("{\"a\":1}"))).isEmpty();
    assertThat(limits.check(json("{\"a\":{}}")))
        .contains("/a: nested 2 levels deep, the limit is 1");
  }

  @Test
  void propertiesAreCountedOverAllObjects() {
    SizeLimits limits = SizeLimits.builder().maxProperties(5).build();
    assertThat(limits.check(json("{\"a\":{\"b\":1,\"c\":2},\"d\":{\"e\":1}}"))).isEmpty();

    assertThat(limits.check(json("{\"a\":{\"b\":1,\"c\":2},\"d\":{\"e\":1,\"f\":2}}")))
        .contains("/d: at least 6 properties in all, the limit is 5");
    assertThat(limits.check(json("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}")))
        .contains("arguments: at least 6 properties in all, the limit is 5");
  }

  @Test
  void pointersEscapeSlashAndTilde() {
    SizeLimits limits = SizeLimits.builder().maxStringLength(5).build();
    assertThat(limits.check(json("{\"a/b~c\":[\"longer\"]}")))
        .contains("/a~1b~0c/0: 6 characters, the limit is 5");
  }

  @Test
  void pointersCutLongNamesAndHideControlCharacters() {
    String name = "n\r\n" + "x".repeat(100);
    ObjectNode arguments = NODES.objectNode();
    arguments.putObject(name).put("v", "y".repeat(200));
    Optional<String> violation = SizeLimits.builder().maxStringLength(150).build().check(arguments);

    assertThat(violation)
        .contains("/n??" + "x".repeat(61) + "…/v: 200 characters, the limit is 150");
  }

  @Test
  void messagesNeverQuoteTheValue() {
    SizeLimits limits = SizeLimits.builder().maxStringLength(8).maxArgumentBytes(39).build();
    assertThat(limits.check(json("{\"token\":\"canary-0123456789\"}")).orElseThrow())
        .doesNotContain("canary");
    assertThat(
            limits
                .check(json("{\"t\":\"canary\",\"u\":\"canary\",\"v\":\"canary\"}"))
                .orElseThrow())
        .doesNotContain("canary")
        .contains("bytes of arguments");
  }

  @Test
  void aFiveMegabyteStringIsRefusedWithoutBeingScanned() {
    ObjectNode arguments = NODES.objectNode().put("data", "é".repeat(5_000_000));
    SizeLimits roomyStrings = SizeLimits.builder().maxStringLength(10_000_000).build();

    long start = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      assertThat(SizeLimits.defaults().check(arguments))
          .contains("/data: 5000000 characters, the limit is 262144");
      assertThat(roomyStrings.check(arguments))
          .contains("/data: at least 5000011 bytes of arguments, the limit is 1048576");
    }
    // a scan of the string would take milliseconds each time, that is seconds in all
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void anyJsonValueCanBeChecked() {
    assertThat(SizeLimits.defaults().check(NODES.nullNode())).isEmpty();
    assertThat(SizeLimits.defaults().check(NODES.missingNode())).isEmpty();
    assertThat(SizeLimits.builder().maxArrayItems(1).build().check(json("[1,2]")))
        .contains("arguments: 2 items, the limit is 1");
  }

  @Test
  void badLimitsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> SizeLimits.builder().maxArgumentBytes(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxArgumentBytes must be at least 2 (the size of {}), was 1");
    assertThatThrownBy(() -> SizeLimits.builder().maxStringLength(0).build())
        .hasMessage("maxStringLength must be at least 1, was 0");
    assertThatThrownBy(() -> SizeLimits.builder().maxArrayItems(-1).build())
        .hasMessage("maxArrayItems must be at least 1, was -1");
    assertThatThrownBy(() -> SizeLimits.builder().maxProperties(0).build())
        .hasMessage("maxProperties must be at least 1, was 0");
    assertThatThrownBy(() -> SizeLimits.builder().maxDepth(0).build())
        .hasMessage("maxDepth must be from 1 (the arguments object itself) to 1000, was 0");
    assertThatThrownBy(() -> SizeLimits.builder().maxDepth(1001).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
