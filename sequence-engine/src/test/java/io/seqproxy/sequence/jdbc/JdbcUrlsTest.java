package io.seqproxy.sequence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void everyCredentialOfAUrlIsReplaced() {
    String[][] cases = {
        {"jdbc:mysql://root:s3cret@db:3306/app", "jdbc:mysql://root:***@db:3306/app"},
        {"jdbc:postgresql://app:p%40ss@db/app?ssl=true", "jdbc:postgresql://app:***@db/app?ssl=true"},
        {"jdbc:mysql://db/app?user=root&password=s3cret&useSSL=false", "jdbc:mysql://db/app?user=root&password=***&useSSL=false"},
        {"jdbc:postgresql://db/app?password=s3cret", "jdbc:postgresql://db/app?password=***"},
        {"jdbc:postgresql://db/app?sslpassword=s3cret&user=u", "jdbc:postgresql://db/app?sslpassword=***&user=u"},
        {"jdbc:h2:mem:app;USER=sa;PASSWORD=s3cret;MODE=MySQL", "jdbc:h2:mem:app;USER=sa;PASSWORD=***;MODE=MySQL"},
        {"jdbc:h2:tcp://db/app;PWD=s3cret", "jdbc:h2:tcp://db/app;PWD=***"},
        {"jdbc:mysql://(host=db,port=3306,user=root,password=s3cret)/app", "jdbc:mysql://(host=db,port=3306,user=root,password=***)/app"},
        {"jdbc:mysql://db:3306/app?trustCertificateKeyStorePassword=s3cret",
            "jdbc:mysql://db:3306/app?trustCertificateKeyStorePassword=***"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], JdbcUrls.redact(c[0]), c[0]);
    }
  }

  @Test
  void aStoreDescribedByAUrlWithAPasswordNeverShowsIt() {
    String url = "jdbc:h2:mem:described;USER=sa;PASSWORD=s3cret-desc";
    try (JdbcSequenceStore store = JdbcSequenceStore.options(
        () -> java.sql.DriverManager.getConnection("jdbc:h2:mem:described", "sa", ""), url).open()) {
      assertEquals("jdbc store jdbc:h2:mem:described;USER=sa;PASSWORD=*** (table seqproxy_range)",
          store.ranges().describe());
    }
  }

  @Test
  void urlsWithoutCredentialsStayAsTheyAre() {
    for (String url : new String[] {"jdbc:mysql://db:3306/app?useSSL=false", "jdbc:h2:mem:app;MODE=MySQL",
        "jdbc:postgresql://user@db/app", "jdbc:mysql://db:3306/app?tag=a@b"}) {
      assertEquals(url, JdbcUrls.redact(url));
    }
  }

  @Test
  void aMessageQuotingAUrlIsRedactedWhereItQuotesIt() {
    assertEquals("No suitable driver found for jdbc:nosuch://u:***@h/db?password=***",
        JdbcUrls.redact("No suitable driver found for jdbc:nosuch://u:s3cret@h/db?password=s3cret"));
  }

  @Test
  void shortFormHasNeitherOptionsNorPassword() {
    assertEquals("jdbc:mysql://root:***@db:3306/app", JdbcUrls.shortForm("jdbc:mysql://root:s3cret@db:3306/app?useSSL=false"));
    assertEquals("jdbc:h2:mem:app", JdbcUrls.shortForm("jdbc:h2:mem:app;PASSWORD=s3cret"));
  }

  @Test
  void anSqlExceptionQuotingAPasswordIsCopiedWithoutIt() {
    SQLException original = new SQLException("No suitable driver found for jdbc:x://u:s3cret@h/db", "08001", 7);
    SQLException redacted = JdbcUrls.redact(original);
    assertEquals("No suitable driver found for jdbc:x://u:***@h/db", redacted.getMessage());
    assertEquals("08001", redacted.getSQLState());
    assertEquals(7, redacted.getErrorCode());
    SQLException clean = new SQLException("Access denied for user 'root'");
    assertSame(clean, JdbcUrls.redact(clean));
  }
}
