package io.seqproxy.clinic;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Pets extends JpaRepository<Pet, Integer> {
  List<Pet> findByOwnerIdOrderById(Integer ownerId);
}
