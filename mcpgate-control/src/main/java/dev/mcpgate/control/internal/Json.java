package dev.mcpgate.control.internal;

import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.GateId;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The JSON form of stored objects and audit events. */
final class Json {

  // Unknown properties are ignored so that a newer version's rows stay readable by an older one,
  // and so that convenience accessors that Jackson also serializes do not break reading.
  // Audit outcomes and gates are stored by their documented JSON names, as the audit log
  // writes them, not by their Java constant names.
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new SimpleModule("mcpgate-audit-names")
          .addSerializer(AuditOutcome.class, new ByName<>(AuditOutcome::jsonName))
          .addDeserializer(AuditOutcome.class,
              new FromName<>(AuditOutcome.class, AuditOutcome::fromJsonName))
          .addSerializer(GateId.class, new ByName<>(GateId::jsonName))
          .addDeserializer(GateId.class, new FromName<>(GateId.class, GateId::fromJsonName)))
      .build();

  private Json() {}

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  static <T> T read(String json, Class<T> type) {
    return MAPPER.readValue(json, type);
  }

  private static final class ByName<T> extends ValueSerializer<T> {
    private final Function<T, String> name;

    ByName(Function<T, String> name) {
      this.name = name;
    }

    @Override
    public void serialize(T value, JsonGenerator generator, SerializationContext context) {
      generator.writeString(name.apply(value));
    }
  }

  private static final class FromName<T> extends ValueDeserializer<T> {
    private final Class<T> type;
    private final Function<String, Optional<T>> byName;

    FromName(Class<T> type, Function<String, Optional<T>> byName) {
      this.type = type;
      this.byName = byName;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) {
      String name = parser.getValueAsString();
      return byName.apply(name == null ? "" : name).orElseThrow(() ->
          context.weirdStringException(name, type, "not a documented audit name"));
    }
  }
}
