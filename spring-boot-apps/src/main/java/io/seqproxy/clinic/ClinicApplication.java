package io.seqproxy.clinic;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A veterinary clinic in the shape of Spring PetClinic: vets and their specialties, owners,
 * pets and visits, with {@code IDENTITY} ids, its tables and seed rows created by Spring's own
 * {@code spring.sql.init} from {@code clinic/schema-<platform>.sql} and
 * {@code clinic/data-<platform>.sql}. Nothing in it knows seqproxy: the tests run it once on
 * the database's own URL and once on {@code jdbc:seqproxy:}. Its settings are in
 * {@code clinic.properties}, apart from the shop's {@code application.properties}.
 */
@SpringBootApplication
public class ClinicApplication {
  /** Starts the clinic with {@code args} as command-line properties ({@code --key=value}). */
  public static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(ClinicApplication.class)
        .properties("spring.config.name=clinic")
        .run(args);
  }

  public static void main(String[] args) {
    start(args);
  }
}
