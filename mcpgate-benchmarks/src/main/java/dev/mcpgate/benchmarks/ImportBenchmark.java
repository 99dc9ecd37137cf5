package dev.mcpgate.benchmarks;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolHandler;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A real API description to a ready catalog: import (parse, translate schemas, detect auth,
 * name) and register every tool in a gateway (which compiles every input schema), in a 512 MB
 * heap.
 *
 * <p>{@code cold} is the first import in a fresh JVM (single shot, one fork per sample);
 * {@code warm} is the steady state after warm-up. Goals: GitHub (13 MB, 1,223 operations) at
 * most 3 s cold and 1 s warm; Stripe at most 0.5 s warm. The description is read from
 * {@code -p spec=PATH} (default: {@code ../shared/specs/openapi/github-api.github.com.json}).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ImportBenchmark {

  /** The description to import. */
  @Param("../shared/specs/openapi/github-api.github.com.json")
  public String spec;

  private byte[] content;
  private String location;

  /** Reads the file once, so the benchmark measures import, not disk. */
  @Setup(Level.Trial)
  public void read() throws Exception {
    Path path = Path.of(spec);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("no description at " + path.toAbsolutePath()
          + "; pass -p spec=PATH");
    }
    content = Files.readAllBytes(path);
    location = path.toString();
  }

  /**
   * The first import in a fresh JVM.
   *
   * @return the gateway, so the work is not eliminated
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 10, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
  public McpGateway cold() {
    return readyCatalog();
  }

  /**
   * The steady state.
   *
   * @return the gateway, so the work is not eliminated
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Warmup(iterations = 5, time = 5)
  @Measurement(iterations = 5, time = 5)
  @Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
  public McpGateway warm() {
    return readyCatalog();
  }

  /**
   * Baseline, cold: swagger-parser alone reading the same description into its model (no
   * resolution of references), for the ratio to {@link #cold()} in one run.
   *
   * @return the parse result, so the work is not eliminated
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 10, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
  public Object swaggerParserCold() {
    return swaggerParse();
  }

  /**
   * Baseline, warm: swagger-parser alone, for the ratio to {@link #warm()} in one run.
   *
   * @return the parse result, so the work is not eliminated
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Warmup(iterations = 5, time = 5)
  @Measurement(iterations = 5, time = 5)
  @Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
  public Object swaggerParserWarm() {
    return swaggerParse();
  }

  private Object swaggerParse() {
    io.swagger.v3.parser.core.models.SwaggerParseResult result =
        new io.swagger.v3.parser.OpenAPIV3Parser().readContents(
            new String(content, java.nio.charset.StandardCharsets.UTF_8), null, null);
    if (result.getOpenAPI() == null) {
      throw new IllegalStateException("swagger-parser read nothing: " + result.getMessages());
    }
    return result;
  }

  private McpGateway readyCatalog() {
    ImportResult result = ApiImporter.importContent(content, location, ImportOptions.defaults());
    ToolHandler handler = call -> ToolResult.text("");
    Map<ToolDefinition, ToolHandler> tools = new LinkedHashMap<>();
    result.tools().forEach(tool -> tools.put(tool, handler));
    McpGateway gateway = McpGateway.builder().build();
    gateway.tools().registerAll(tools);
    if (gateway.tools().size() != result.tools().size()) {
      throw new IllegalStateException("not every tool was registered");
    }
    return gateway;
  }
}
