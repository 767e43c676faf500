package io.seqproxy.clinic;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Vets extends JpaRepository<Vet, Integer> {
  List<Vet> findBySpecialtiesNameOrderById(String specialty);
}
