package io.seqproxy.clinic;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PetTypes extends JpaRepository<PetType, Integer> {
  Optional<PetType> findByName(String name);
}
