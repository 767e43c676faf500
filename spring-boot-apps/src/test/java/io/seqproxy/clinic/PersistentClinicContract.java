package io.seqproxy.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The clinic on a server database, whose schema script keeps its tables ({@code CREATE TABLE IF
 * NOT EXISTS}) and whose seed skips rows it already holds: started a second time through
 * seqproxy (a new engine), the seed changes nothing and the next save gets the next id. (H2's
 * script drops and creates its tables, as PetClinic's does; see README "Spring Boot".)
 */
abstract class PersistentClinicContract extends ClinicAppContract {
  @Test
  void startedAgainOnItsOwnTablesTheSeedIsSkippedAndTheNextIdFollowsEverything() throws Exception {
    dropTables();
    run(throughSeqProxy(), true);
    try (ConfigurableApplicationContext app = ClinicApplication.start(args(throughSeqProxy()))) {
      Owners owners = app.getBean(Owners.class);
      assertEquals(11, owners.count(), "the seed ran again and changed nothing");
      Owner next = owners.save(new Owner("Alan", "Turing", "1 Bletchley Park", "Milton Keynes", "0190864000"));
      assertEquals(12, next.getId(), "above the seed and the first run's owner 11");
      assertEquals("[11:Grace Hopper, 12:Alan Turing]", names(owners.findAllById(List.of(11, 12))));
    }
  }

}
