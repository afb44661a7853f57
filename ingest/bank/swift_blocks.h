// The block structure of SWIFT FIN messages, shared by the MT readers.
// Internal to ingest/bank.
//
// A FIN message is "{1:basic header}{2:application header}{3:{108:..}{121:..}}
// {4:\r\n:20:...\r\n-}{5:{CHK:..}}". Block 4 of a user message is text
// (fields, one per line, ended by "\r\n-}"); block 4 of a service message
// (ACK/NAK, block 1 service id "21") is "{177:..}{451:0}". An RJE file holds
// several messages separated by '$'; an ACK/NAK is followed directly by a
// copy of the message it acknowledges.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_INGEST_BANK_SWIFT_BLOCKS_H_
#define MONEYTRAIL_INGEST_BANK_SWIFT_BLOCKS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/bank/statement.h"
#include "ingest/bank/swift_text.h"

namespace moneytrail::ingest::bank::swift {

// What blocks 1 and 2 say.
struct BlockHeader {
  char app_id = 0;                  // block 1: 'F' FIN, 'A' GPA, 'L' login
  std::string_view service;         // block 1: "01" user message, "21" ACK/NAK
  std::string_view block1_lt;       // block 1 logical terminal (12 characters)
  char direction = 0;               // block 2: 'I' input (sent), 'O' output (received)
  std::string_view mt;              // block 2: "103", "940", ...
  std::string_view counterpart_lt;  // block 2: 'I' receiver, 'O' sender (from the MIR)
};

// "F01BANKBEBBAXXX0000000000". False when malformed (fields left unset).
bool ParseBlock1(std::string_view content, BlockHeader* header);
// "I103BANKDEFFXXXXN" or "O1031612170425BBBBUS33BXXX01613135551704260717N".
// False when malformed; a short output header still yields `mt`.
bool ParseBlock2(std::string_view content, BlockHeader* header);

// The BIC of a 12-character logical terminal "BANKBEBBAXXX": the 8-character
// BIC, plus the branch when it is not "XXX" ("BANKBEBB", "BANKBEBB123").
// Empty when `lt` is not a terminal address.
std::string BicOfTerminal(std::string_view lt);

// The value of sub-block `tag` in a block 3 or 5 ("{108:abc}{121:uuid}"),
// empty when absent.
std::string_view SubBlock(std::string_view block, std::string_view tag);

// One message of a FIN or RJE text, as views into the text.
struct RawMessage {
  uint64_t line = 0;                      // line of its first block
  std::string_view whole;                 // first block to end of last block
  std::array<std::string_view, 6> block;  // [1]..[5]; [0] unused
  std::array<bool, 6> has{};
  bool text_block4 = false;  // block 4 is text ("{4:\r\n:20:...\r\n-}")
  uint64_t block4_line = 0;  // line on which the block 4 text starts (the "{4:" line)
  bool bare = false;         // the input had no blocks: block 4 is the whole text
};

// Splits a FIN or RJE text into messages. A message starts at a "{1:" block
// (or at any block after a '$' or at the start); '$' ends one. Text outside
// blocks, and blocks that never close, are reported in `issues`. An input
// that starts with ':' (fields without blocks) is one bare message.
std::vector<RawMessage> SplitMessages(std::string_view text, IssueSink* issues);

// A line of a statement file that starts with '{' ("{1:..}{2:O940..}{4:").
struct HeaderLine {
  BlockHeader header;
  bool has_block1 = false, has_block2 = false;
  bool service_block4 = false;  // "{4:{177:..}{451:..}}" (ACK/NAK)
  bool text_block4 = false;     // "{4:" opens text: `rest` holds what follows on the line
  std::string_view rest;
};
HeaderLine ParseHeaderLine(std::string_view line);

}  // namespace moneytrail::ingest::bank::swift

#endif  // MONEYTRAIL_INGEST_BANK_SWIFT_BLOCKS_H_
