package io.seqproxy.it;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.it.HibernatePooledSequenceIT.Parcel;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.SessionFactory;

/**
 * One application instance of {@link HibernatePooledAcrossJvmsIT}, run in a JVM of its own:
 * {@code threads} threads each save {@code perThread} parcels through Hibernate with
 * {@code allocationSize = 50} and the given optimizer, in transactions of ten. Once Hibernate is
 * up it creates the file {@code ready} names and waits for a line on standard input, so that both
 * JVMs start saving together. Exits 0 when every save committed, 1 otherwise.
 *
 * <p>Arguments: config file, table, sequence, optimizer, threads, parcels per thread, name prefix,
 * ready file.
 */
public final class PooledSequenceClient {
  private PooledSequenceClient() {}

  public static void main(String[] args) throws Exception {
    String config = args[0];
    String table = args[1];
    String sequence = args[2];
    String optimizer = args[3];
    int threads = Integer.parseInt(args[4]);
    int perThread = Integer.parseInt(args[5]);
    String prefix = args[6];
    Path ready = Path.of(args[7]);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (HikariDataSource pool = Pools.seqproxyDriver(Db.MARIADB, config, threads);
        SessionFactory sessions = HibernateSessions.build(Db.MARIADB, pool,
            Map.of("parcel", table, "parcel_id", sequence), 10,
            Map.of("hibernate.id.optimizer.pooled.preferred", optimizer), Parcel.class)) {
      Files.createFile(ready);
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String name = prefix + "-t" + t + "-";
        Thread worker = new Thread(() -> {
          try {
            for (int i = 0; i < perThread; i += 10) {
              int from = i;
              sessions.inTransaction(session -> {
                for (int j = from; j < Math.min(from + 10, perThread); j++) {
                  session.persist(new Parcel(name + j));
                }
              });
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
    }
    if (failure.get() != null) {
      failure.get().printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
