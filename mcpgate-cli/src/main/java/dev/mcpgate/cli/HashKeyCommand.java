package dev.mcpgate.cli;

import dev.mcpgate.core.identity.ClientRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate hash-key}: prints the id and the SHA-256 of an mcpgate API key, for an entry
 * {@code {id, hash}} of {@code clients[].profiles.<profile>.keys}. The key is read from standard
 * input (one line), never from the command line, where shell history and process listings would
 * keep it; {@code --generate} makes a new key with {@link ClientRegistry#generateKey()}. Only keys
 * of that format are accepted: the hash is plain SHA-256, sound only for random keys.
 */
@Command(
    name = "hash-key",
    mixinStandardHelpOptions = true,
    description = {
      "Print the id and SHA-256 (hex) of an mcpgate API key (mgk_...) read from standard input,",
      "and a line for clients[].profiles.<profile>.keys. With --generate: make a new key and",
      "print it too."
    })
public final class HashKeyCommand implements Callable<Integer> {

  @Spec private @Nullable CommandSpec spec;

  @Option(names = "--generate",
      description = "Generate a new random key (mgk_, a 16-hex-digit id, 256 random bits).")
  private boolean generate;

  private final InputStream in;

  /** Creates the command reading standard input. */
  public HashKeyCommand() {
    this(System.in);
  }

  HashKeyCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec == null
        ? new PrintWriter(System.out, true, StandardCharsets.UTF_8)
        : spec.commandLine().getOut();
    String key;
    if (generate) {
      key = ClientRegistry.generateKey();
      out.println("key:  " + key);
    } else {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null || line.strip().isEmpty()) {
        throw new IllegalArgumentException("no key on standard input; try: printf %s KEY | mcpgate"
            + " hash-key, or mcpgate hash-key --generate");
      }
      key = line.strip();
    }
    String id;
    byte[] hash;
    try {
      id = ClientRegistry.keyIdOf(key);
      hash = ClientRegistry.hashKey(key);
    } catch (IllegalArgumentException e) {
      // Never echo the input: it may be a real credential of another kind.
      throw new IllegalArgumentException("not an mcpgate key (mgk_<16 hex digits>_<secret>);"
          + " make one with mcpgate hash-key --generate", e);
    }
    String hex = HexFormat.of().formatHex(hash);
    out.println("id:   " + id);
    out.println("hash: " + hex);
    // Quoted: YAML would read hex such as 0123456789012345 or 12e45 as a number.
    out.println("yaml: - {id: \"" + id + "\", hash: \"" + hex + "\"}");
    out.flush();
    return 0;
  }
}
