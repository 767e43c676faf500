package io.seqproxy.jdbc.rewrite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the fuzzer's seeds: one file per case of {@link InsertRewriterCasesTest}, as {@link
 * InsertRewriterFuzzTest#plansAnySqlText} reads its input (the dialect's ordinal in the first byte,
 * the SQL in UTF-8 after it), named by the SHA-1 of its bytes so that rerunning it only adds. Run
 * from the repository's root:
 *
 * <pre>mvn -B -q -pl driver -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
 *     -Dmdep.includeScope=test
 * java -cp "$(cat driver/target/test-classpath.txt):driver/target/classes:driver/target/test-classes" \
 *   io.seqproxy.jdbc.rewrite.RewriterSeedCorpus</pre>
 */
final class RewriterSeedCorpus {

  static final Path DIRECTORY = Path.of(
      "driver/src/test/resources/io/seqproxy/jdbc/rewrite/InsertRewriterFuzzTestInputs/plansAnySqlText");

  private RewriterSeedCorpus() {}

  public static void main(String[] args) throws Exception {
    Files.createDirectories(DIRECTORY);
    List<RewriteCase> cases = InsertRewriterFuzzTest.everyCaseOfTheRewriterTable().toList();
    int written = 0;
    for (RewriteCase rewriteCase : cases) {
      byte[] seed = seed(rewriteCase.dialect(), rewriteCase.sql());
      Path file = DIRECTORY.resolve("seed-" + sha1(seed));
      if (!Files.exists(file)) {
        Files.write(file, seed);
        written++;
      }
    }
    System.out.println(cases.size() + " cases, " + written + " new seeds in " + DIRECTORY);
  }

  static byte[] seed(SqlDialect dialect, String sql) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(dialect.ordinal());
    bytes.write(sql.getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  private static String sha1(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
  }
}
