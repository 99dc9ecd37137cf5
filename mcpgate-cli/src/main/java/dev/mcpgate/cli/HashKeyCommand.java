package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.ApiKeyClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate hash-key}: prints the SHA-256 of an API key for a client's {@code apiKeyHash}.
 * The key is read from standard input (one line), never from the command line, where shell
 * history and process listings would keep it; {@code --generate} makes a new random key.
 */
@Command(
    name = "hash-key",
    mixinStandardHelpOptions = true,
    description = {
      "Print the SHA-256 (hex) of an API key read from standard input, for clients[].apiKeyHash.",
      "With --generate: make a new random key and print the key, then its hash."
    })
public final class HashKeyCommand implements Callable<Integer> {

  @Spec private @Nullable CommandSpec spec;

  @Option(names = "--generate", description = "Generate a new random key (32 bytes, base64url).")
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
    if (generate) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String key = "mcpg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      out.println("key:  " + key);
      out.println("hash: " + ApiKeyClients.sha256Hex(key));
      out.flush();
      return 0;
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null || line.strip().isEmpty()) {
      throw new IllegalArgumentException("no key on standard input; try: printf %s KEY | mcpgate"
          + " hash-key");
    }
    out.println(ApiKeyClients.sha256Hex(line.strip()));
    out.flush();
    return 0;
  }
}
