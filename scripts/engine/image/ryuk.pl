#!/usr/bin/perl
# A minimal stand-in for testcontainers' Ryuk resource reaper, for machines that cannot pull
# testcontainers/ryuk. Protocol: TCP :8080, lines "label=k=v[&label=k2=v2]" answered by "ACK\n".
# When the last client has been gone for RYUK_RECONNECTION_TIMEOUT (or no client came within
# RYUK_CONNECTION_TIMEOUT), it deletes the containers, networks and volumes that match any
# registered label through /var/run/docker.sock, itself last, and exits.
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
sub json_or { my ($text, $fallback) = @_; my $v = eval { decode_json($text) }; defined $v ? $v : $fallback }
sub uri_escape { my $s = shift; $s =~ s/([^A-Za-z0-9._~-])/sprintf('%%%02X', ord $1)/ge; $s }
sub deleted { my ($status) = @_; $status && $status < 300 ? 1 : 0 }

my %filters;
sub reap {
  my ($containers, $networks, $volumes) = (0, 0, 0);
  my $me = `hostname`; chomp $me;
  my @self;
  for my $label (keys %filters) {
    my $query = uri_escape(encode_json({ label => [$label] }));
    my (undef, $list) = engine('GET', "/containers/json?all=1&filters=$query");
    for my $c (@{ json_or($list, []) }) {
      if (index($c->{Id}, $me) == 0) { push @self, $c->{Id}; next }
      $containers += deleted(engine('DELETE', "/containers/$c->{Id}?force=1&v=1"));
    }
    (undef, $list) = engine('GET', "/networks?filters=$query");
    $networks += deleted(engine('DELETE', "/networks/$_->{Id}")) for @{ json_or($list, []) };
    (undef, $list) = engine('GET', "/volumes?filters=$query");
    $volumes += deleted(engine('DELETE', "/volumes/$_->{Name}")) for @{ json_or($list, {})->{Volumes} || [] };
  }
  print "Removed containers=$containers networks=$networks volumes=$volumes\n";
  engine('DELETE', "/containers/$_?force=1&v=1") for @self;
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
      for my $part (split /&/, $line) { $filters{$1} = 1 if $part =~ /^label=(.*)$/ }
      print "Adding $line\n";
      syswrite($fh, "ACK\n");
    }
  }
  reap() if !$clients && $seen_client && time - $idle_since >= $reconnect_s;
  reap() if !$seen_client && time - $idle_since >= $connect_s;
}
