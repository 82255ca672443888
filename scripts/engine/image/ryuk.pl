#!/usr/bin/perl
# A minimal stand-in for testcontainers' Ryuk resource reaper, for machines that cannot pull
# testcontainers/ryuk. Protocol, as moby-ryuk's: TCP :8080; each line is a URL query of engine
# filters ("label=k%3Dv&label=k2=v2", "name=x", ...), decoded like a query string, and answered by
# "ACK\n". The filters of one line must all match (the engine ANDs them); a resource matching any
# line is reaped. When the last client has been gone for RYUK_RECONNECTION_TIMEOUT (or no client
# came within RYUK_CONNECTION_TIMEOUT), it deletes the matching containers, networks, volumes and
# images through /var/run/docker.sock, and exits. A client that dies (even by SIGKILL) closes
# its TCP connection, which is what starts the countdown. Reaper containers (its own, which
# carries the session label, or one labelled org.testcontainers.ryuk=true) are removed last.
use strict; use warnings; use IO::Socket::INET; use IO::Socket::UNIX; use IO::Select; use JSON::PP;
$| = 1;
my $port = $ENV{RYUK_PORT} || 8080;
my $reconnect_s = ($ENV{RYUK_RECONNECTION_TIMEOUT} || '10s') =~ /^(\d+)/ ? $1 : 10;
my $connect_s = ($ENV{RYUK_CONNECTION_TIMEOUT} || '60s') =~ /^(\d+)/ ? $1 : 60;
my $server = IO::Socket::INET->new(LocalPort => $port, Listen => 16, ReuseAddr => 1, Proto => 'tcp') or die "listen: $!";
print "Started!\n";

sub engine {
  my ($method, $path) = @_;
  my $sock = IO::Socket::UNIX->new(Peer => '/var/run/docker.sock') or do { warn "docker.sock: $!\n"; return (0, '') };
  print $sock "$method $path HTTP/1.0\r\nHost: engine\r\n\r\n";
  local $/; my $response = <$sock>; close $sock;
  my ($head, $body) = split /\r\n\r\n/, $response, 2;
  my ($status) = $head =~ m{^HTTP/\S+ (\d+)};
  return ($status, $body // '');
}
# The decoded answer, or the fallback when it is not of the fallback's kind (an engine error object).
sub json_or { my ($text, $fallback) = @_; my $v = eval { decode_json($text) }; ref $v eq ref $fallback ? $v : $fallback }
sub uri_escape { my $s = shift; $s =~ s/([^A-Za-z0-9._~-])/sprintf('%%%02X', ord $1)/ge; $s }
sub uri_unescape { my $s = shift; $s =~ tr/+/ /; $s =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge; $s }
sub deleted { my ($status) = @_; $status && $status < 300 ? 1 : 0 }

# One filter set per distinct line: { type => { value => JSON::PP::true } }, the engine's filter format.
my %filter_sets;
sub add_filters {
  my ($line) = @_;
  my %set;
  for my $pair (split /&/, $line) {
    my ($type, $value) = map { uri_unescape($_) } split /=/, $pair, 2;
    next unless defined $type && length $type;
    $set{$type}{ $value // '' } = JSON::PP::true;
  }
  return unless %set;
  my $json = JSON::PP->new->canonical->encode(\%set);
  $filter_sets{$json} = 1;
}

sub reap {
  my ($containers, $networks, $volumes, $images) = (0, 0, 0, 0);
  my $me = `hostname`; chomp $me;
  my %reapers;
  for my $json (keys %filter_sets) {
    my $query = uri_escape($json);
    my (undef, $list) = engine('GET', "/containers/json?all=1&filters=$query");
    for my $c (@{ json_or($list, []) }) {
      if (index($c->{Id}, $me) == 0 || ($c->{Labels}{'org.testcontainers.ryuk'} // '') eq 'true') {
        $reapers{ $c->{Id} } = 1;
        next;
      }
      $containers += deleted(engine('DELETE', "/containers/$c->{Id}?force=1&v=1"));
    }
    (undef, $list) = engine('GET', "/networks?filters=$query");
    $networks += deleted(engine('DELETE', "/networks/$_->{Id}")) for @{ json_or($list, []) };
    (undef, $list) = engine('GET', "/volumes?filters=$query");
    $volumes += deleted(engine('DELETE', "/volumes/$_->{Name}")) for @{ json_or($list, {})->{Volumes} || [] };
    (undef, $list) = engine('GET', "/images/json?filters=$query");
    $images += deleted(engine('DELETE', "/images/$_->{Id}")) for @{ json_or($list, []) };
  }
  print "Removed containers=$containers networks=$networks volumes=$volumes images=$images\n";
  engine('DELETE', "/containers/$_?force=1&v=1") for keys %reapers;
  exit 0;
}

my $select = IO::Select->new($server);
my (%buffer, $clients, $seen_client, $idle_since) = ((), 0, 0, time);
while (1) {
  for my $fh ($select->can_read(1)) {
    if ($fh == $server) {
      my $client = $server->accept or next;
      $select->add($client); $clients++; $seen_client = 1;
      print "New client, total $clients\n";
      next;
    }
    my $read = sysread($fh, my $data, 4096);
    if (!$read) {
      $select->remove($fh); close $fh; delete $buffer{$fh};
      $clients--; $idle_since = time if !$clients;
      print "Client disconnected, total $clients\n";
      next;
    }
    $buffer{$fh} .= $data;
    while ($buffer{$fh} =~ s/^([^\n]*)\n//) {
      my $line = $1; $line =~ s/\r$//;
      next unless length $line;
      add_filters($line);
      print "Adding $line\n";
      syswrite($fh, "ACK\n");
    }
  }
  reap() if !$clients && $seen_client && time - $idle_since >= $reconnect_s;
  reap() if !$seen_client && time - $idle_since >= $connect_s;
}
