package io.seqproxy.clinic;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Visits extends JpaRepository<Visit, Integer> {
  List<Visit> findByPetIdOrderById(Integer petId);
}
