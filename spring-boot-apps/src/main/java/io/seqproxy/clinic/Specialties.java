package io.seqproxy.clinic;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Specialties extends JpaRepository<Specialty, Integer> {
  Optional<Specialty> findByName(String name);
}
