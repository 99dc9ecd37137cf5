package dev.mcpgate.core.internal;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schema 2020-12 with the OpenAPI formats asserted as the official TypeScript client's
 * validator asserts them (Ajv with ajv-formats): {@code int32} (an integer within 32 bits), {@code
 * int64} (an integer), {@code byte} (base64). networknt knows the JSON Schema formats ({@code
 * date-time}, {@code uri}, {@code email} ...) and asserts them as Ajv does, but ignores these
 * three: an output check without them would pass an answer that client refuses.
 */
final class ClientFormats {

  private static final Pattern BASE64 =
      Pattern.compile("^(?:[a-z0-9+/]{4})*(?:[a-z0-9+/]{2}==|[a-z0-9+/]{3}=)?$",
          Pattern.CASE_INSENSITIVE);
  private static final BigDecimal INT32_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal INT32_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

  private ClientFormats() {}

  /**
   * The dialect: 2020-12 plus {@code int32}, {@code int64} and {@code byte}.
   *
   * @return the dialect
   */
  static Dialect dialect() {
    return Dialect.builder(Dialects.getDraft202012())
        .format(new NumberFormat("int32", true))
        .format(new NumberFormat("int64", false))
        .format(new Base64Format())
        .build();
  }

  /** An integer format; values of other types are not its business, as in Ajv. */
  private record NumberFormat(String name, boolean bounded) implements Format {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean matches(ExecutionContext context, SchemaContext schema, JsonNode value) {
      if (!value.isNumber()) {
        return true;
      }
      BigDecimal number = value.decimalValue();
      boolean integral = number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
      return integral && (!bounded
          || (number.compareTo(INT32_MIN) >= 0 && number.compareTo(INT32_MAX) <= 0));
    }
  }

  /** {@code byte}: base64 text. */
  private record Base64Format() implements Format {
    @Override
    public String getName() {
      return "byte";
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
      return BASE64.matcher(value).matches();
    }
  }
}
