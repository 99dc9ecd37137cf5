package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.ToolDefinition;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/** The Swagger 2.0 converter is optional: without it, 2.0 documents fail with a clear message. */
class WithoutConverterTest {

  @Test
  void swagger2WithoutTheConverterNamesTheArtifactToAdd() throws Exception {
    // A class loader that sees the importer and what it needs, but not swagger-parser.
    List<Class<?>> needed = List.of(ApiImporter.class, ToolDefinition.class, JsonMapper.class,
        tools.jackson.core.JsonParser.class, com.fasterxml.jackson.annotation.JsonInclude.class,
        Yaml.class);
    URL[] urls = needed.stream()
        .map(type -> type.getProtectionDomain().getCodeSource().getLocation())
        .distinct().toArray(URL[]::new);
    byte[] swagger = Files.readAllBytes(OpenApiImportTest.resource("swagger-2.json"));
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Class<?> importer = loader.loadClass(ApiImporter.class.getName());
      Class<?> options = loader.loadClass(ImportOptions.class.getName());
      Object defaults = options.getMethod("defaults").invoke(null);
      Method importContent =
          importer.getMethod("importContent", byte[].class, String.class, options);
      Throwable thrown = null;
      try {
        importContent.invoke(null, swagger, "swagger-2.json", defaults);
      } catch (InvocationTargetException e) {
        thrown = e.getCause();
      }
      assertThat(thrown).isNotNull();
      assertThat(thrown.getClass().getName()).isEqualTo(ImportException.class.getName());
      assertThat(thrown.getMessage())
          .contains("io.swagger.parser.v3:swagger-parser-v2-converter");
      // OpenAPI 3 documents still import without it.
      Object result = importContent.invoke(null,
          "{\"openapi\":\"3.0.0\",\"paths\":{\"/a\":{\"get\":{\"responses\":{}}}}}"
              .getBytes(StandardCharsets.UTF_8), "a.json", defaults);
      assertThat(result.toString()).contains("get_a");
    }
  }
}
