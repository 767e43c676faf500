package io.seqproxy.bootapp;

import org.springframework.data.jpa.repository.JpaRepository;

public interface Events extends JpaRepository<Event, Long> {}
