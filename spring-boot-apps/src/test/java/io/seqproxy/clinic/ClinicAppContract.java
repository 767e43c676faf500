package io.seqproxy.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.seqproxy.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The clinic on one database, run twice from scratch: once on the database's own URL and once
 * on {@code jdbc:seqproxy:}, where only {@code spring.datasource.url},
 * {@code spring.datasource.driver-class-name} and {@code seqproxy.config} differ. Both runs must
 * see exactly the same: Spring's {@code spring.sql.init} seed (ids as written, or given in row
 * order), the ids JPA's saves get (the next above the seed), Spring Data's derived queries and
 * {@code @Query} returning exactly those entities. Through seqproxy the ids come from its
 * sequences (their marks in the store prove it); started again on the same tables, the seed is
 * skipped as the database skips it and the next save still gets the next id.
 */
abstract class ClinicAppContract {
  private static final List<String> TABLES =
      List.of("visits", "pets", "owners", "types", "vet_specialties", "specialties", "vets");
  private static final String STORE_TABLE = "clinic_seqproxy_range";

  private Path yaml;

  abstract TestDatabases.Db db();

  /** {@code spring.sql.init.platform}: which of the clinic's scripts this database runs. */
  abstract String platform();

  /** Settings the application has on this database whichever URL it uses. */
  Map<String, String> databaseSettings() {
    return Map.of();
  }

  @BeforeEach
  void writeYaml() throws Exception {
    TestDatabases.require(db());
    yaml = Files.createTempFile("clinic-seqproxy", ".yaml");
    Files.write(yaml, ClinicAppContract.class.getResourceAsStream("/clinic/seqproxy.yaml").readAllBytes());
  }

  @AfterEach
  void deleteYaml() throws Exception {
    Files.deleteIfExists(yaml);
  }

  private Map<String, String> direct() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.datasource.url", db().urlWithoutCredentials());
    settings.put("spring.datasource.username", db().user());
    settings.put("spring.datasource.password", db().password());
    settings.put("spring.sql.init.platform", platform());
    settings.putAll(databaseSettings());
    return settings;
  }

  Map<String, String> throughSeqProxy() {
    Map<String, String> settings = new LinkedHashMap<>(direct());
    settings.put("spring.datasource.url", "jdbc:seqproxy:" + db().urlWithoutCredentials().substring("jdbc:".length()));
    settings.put("spring.datasource.driver-class-name", "io.seqproxy.jdbc.SeqProxyDriver");
    settings.put("seqproxy.config", yaml.toString());
    return settings;
  }

  @Test
  void theSameApplicationDirectlyAndThroughSeqProxySeesTheSameRowsAndIds() throws Exception {
    Map<String, String> direct = direct();
    Map<String, String> proxied = throughSeqProxy();
    Set<String> differing = new TreeSet<>(proxied.keySet());
    differing.removeIf(key -> Objects.equals(direct.get(key), proxied.get(key)));
    assertEquals(Set.of("seqproxy.config", "spring.datasource.driver-class-name", "spring.datasource.url"),
        differing, "only the URL, the driver class and the YAML differ");
    Set<String> added = new TreeSet<>(proxied.keySet());
    added.removeAll(direct.keySet());
    assertEquals(Set.of("seqproxy.config", "spring.datasource.driver-class-name"), added);

    dropTables();
    List<String> directly = run(direct, false);
    assertEquals(expected(), directly);
    assertEquals(List.of(), storeMarks(), "the direct run never reaches seqproxy");

    dropTables();
    List<String> throughProxy = run(proxied, true);
    assertEquals(directly, throughProxy);
    // Each sequence's mark in seqproxy's store lies above every id it gave.
    for (String mark : storeMarks()) {
      String[] parts = mark.split("=");
      long max = maxId(parts[0]);
      assertTrue(Long.parseLong(parts[1]) > max, mark + " above " + parts[0] + ".id " + max);
    }
    assertEquals(6, storeMarks().size(), storeMarks().toString());
  }

  /** What the clinic shows after its seed and one visit of a new patient. */
  private static List<String> expected() {
    return List.of(
        "vets [1:James Carter, 2:Helen Leary, 3:Linda Douglas, 4:Rafael Ortega, 5:Henry Stevens, 6:Sharon Jenkins]",
        "specialties [1:radiology, 2:surgery, 3:dentistry]",
        "types [1:cat, 2:dog, 3:lizard, 4:snake, 5:bird, 6:hamster]",
        "owners 10, 1..10: [1:George Franklin, 10:Carlos Estaban]",
        "pets 13, 1..13", "visits 4, 1..4",
        "saved specialty 4:oncology, vet 7:Ada Lovelace, type 7:rabbit, owner 11:Grace Hopper, pet 14:Bun,"
            + " visits [5:2024-05-01 checkup, 6:2024-05-08 stitches out]",
        "read back [4:oncology] [7:Ada Lovelace] [7:rabbit] [11:Grace Hopper] [14:Bun] [5:2024-05-01 checkup, 6:2024-05-08 stitches out]",
        "surgeons [3:Linda Douglas, 4:Rafael Ortega, 7:Ada Lovelace]",
        "oncologists [7:Ada Lovelace]",
        "owners Da* [2:Betty Davis, 4:Harold Davis]",
        "owners of cats [1:George Franklin, 6:Jean Coleman, 10:Carlos Estaban]",
        "owners of rabbits [11:Grace Hopper]",
        "pets of owner 11 [14:Bun]",
        "visits of pet 14 [5:2024-05-01 checkup, 6:2024-05-08 stitches out]",
        "visits of pet 8 [2:2013-01-02 rabies shot, 3:2013-01-03 neutered]",
        "rows vets 7, specialties 4, types 7, owners 11, pets 14, visits 6, vet_specialties 7");
  }

  /** Starts the clinic with {@code settings}, uses it as its users would, and reports what it saw. */
  List<String> run(Map<String, String> settings, boolean throughSeqProxy) throws Exception {
    List<String> seen = new ArrayList<>();
    try (ConfigurableApplicationContext app = ClinicApplication.start(args(settings))) {
      HikariDataSource pool = (HikariDataSource) app.getBean(DataSource.class);
      assertEquals(settings.get("spring.datasource.url"), pool.getJdbcUrl());
      assertEquals(throughSeqProxy, "io.seqproxy.jdbc.SeqProxyDriver".equals(pool.getDriverClassName()),
          pool.getDriverClassName());
      Vets vets = app.getBean(Vets.class);
      Specialties specialties = app.getBean(Specialties.class);
      PetTypes types = app.getBean(PetTypes.class);
      Owners owners = app.getBean(Owners.class);
      Pets pets = app.getBean(Pets.class);
      Visits visits = app.getBean(Visits.class);

      seen.add("vets " + names(vets.findAll()));
      seen.add("specialties " + names(specialties.findAll()));
      seen.add("types " + names(types.findAll()));
      List<Owner> seededOwners = owners.findAll();
      seen.add("owners " + seededOwners.size() + ", " + range(seededOwners.stream().map(Owner::getId).toList())
          + ": " + names(List.of(owners.findById(1).orElseThrow(), owners.findById(10).orElseThrow())));
      seen.add("pets " + pets.count() + ", " + range(pets.findAll().stream().map(Pet::getId).toList()));
      seen.add("visits " + visits.count() + ", " + range(visits.findAll().stream().map(Visit::getId).toList()));

      Specialty oncology = specialties.save(new Specialty("oncology"));
      Vet ada = new Vet("Ada", "Lovelace");
      ada.getSpecialties().add(specialties.findByName("surgery").orElseThrow());
      ada.getSpecialties().add(oncology);
      ada = vets.save(ada);
      PetType rabbit = types.save(new PetType("rabbit"));
      Owner grace = owners.save(new Owner("Grace", "Hopper", "1 Navy Yard", "Arlington", "7035550100"));
      Pet bun = pets.save(new Pet("Bun", LocalDate.of(2023, 3, 1), rabbit, grace));
      Visit checkup = visits.save(new Visit(bun, LocalDate.of(2024, 5, 1), "checkup"));
      Visit stitches = visits.save(new Visit(bun, LocalDate.of(2024, 5, 8), "stitches out"));
      seen.add("saved specialty " + oncology + ", vet " + ada + ", type " + rabbit + ", owner " + grace + ", pet " + bun
          + ", visits " + List.of(checkup, stitches));
      seen.add("read back " + names(specialties.findAllById(List.of(oncology.getId()))) + " "
          + names(vets.findAllById(List.of(ada.getId()))) + " " + names(types.findAllById(List.of(rabbit.getId())))
          + " " + names(owners.findAllById(List.of(grace.getId()))) + " " + names(pets.findAllById(List.of(bun.getId())))
          + " " + names(visits.findAllById(List.of(checkup.getId(), stitches.getId()))));

      seen.add("surgeons " + vets.findBySpecialtiesNameOrderById("surgery"));
      seen.add("oncologists " + vets.findBySpecialtiesNameOrderById("oncology"));
      seen.add("owners Da* " + owners.findByLastNameStartingWithOrderById("Da"));
      seen.add("owners of cats " + owners.ownersOfPetsOfType("cat"));
      seen.add("owners of rabbits " + owners.ownersOfPetsOfType("rabbit"));
      seen.add("pets of owner " + grace.getId() + " " + pets.findByOwnerIdOrderById(grace.getId()));
      seen.add("visits of pet " + bun.getId() + " " + visits.findByPetIdOrderById(bun.getId()));
      seen.add("visits of pet 8 " + visits.findByPetIdOrderById(8));
    }
    seen.add("rows " + String.join(", ", List.of("vets", "specialties", "types", "owners", "pets", "visits",
        "vet_specialties").stream().map(t -> t + " " + count(t)).toList()));
    return seen;
  }

  static String[] args(Map<String, String> settings) {
    return settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }

  /** Entities in id order, as {@code id:name}. */
  static <T> String names(List<T> entities) {
    return entities.stream().map(Object::toString)
        .sorted((a, b) -> Integer.compare(Integer.parseInt(a.split(":")[0]), Integer.parseInt(b.split(":")[0])))
        .toList().toString();
  }

  /** "first..last" when the ids are exactly first, first+1, ..., last; else the ids. */
  private static String range(List<Integer> ids) {
    List<Integer> sorted = ids.stream().sorted().toList();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i) != sorted.get(i - 1) + 1) {
        return sorted.toString();
      }
    }
    return sorted.get(0) + ".." + sorted.get(sorted.size() - 1);
  }

  private long count(String table) {
    try (Connection c = db().connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private long maxId(String sequence) throws SQLException {
    String table = switch (sequence) {
      case "clinic_vet_id" -> "vets";
      case "clinic_specialty_id" -> "specialties";
      case "clinic_type_id" -> "types";
      case "clinic_owner_id" -> "owners";
      case "clinic_pet_id" -> "pets";
      case "clinic_visit_id" -> "visits";
      default -> throw new AssertionError(sequence);
    };
    try (Connection c = db().connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(id) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** seqproxy's marks, {@code sequence=next_value}; empty when its store table does not exist. */
  private List<String> storeMarks() throws SQLException {
    List<String> marks = new ArrayList<>();
    try (Connection c = db().connect(); Statement s = c.createStatement()) {
      if (!exists(c, STORE_TABLE)) {
        return marks;
      }
      try (ResultSet rs = s.executeQuery("SELECT sequence_name, next_value FROM " + STORE_TABLE
          + " ORDER BY sequence_name")) {
        while (rs.next()) {
          marks.add(rs.getString(1) + "=" + rs.getLong(2));
        }
      }
    }
    return marks;
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
      try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /** A run from scratch: no clinic tables, no seqproxy store. */
  void dropTables() throws SQLException {
    try (Connection c = db().connect(); Statement s = c.createStatement()) {
      for (String table : TABLES) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
      s.execute("DROP TABLE IF EXISTS " + STORE_TABLE);
    }
  }
}
