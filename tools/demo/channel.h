// Payment channels written to transactions.csv (FORMATS.md "channel").
#ifndef MONEYTRAIL_TOOLS_DEMO_CHANNEL_H_
#define MONEYTRAIL_TOOLS_DEMO_CHANNEL_H_

#include <cstdint>
#include <string_view>

namespace moneytrail::demo {

enum class Channel : uint8_t { kWire, kCard, kCash, kInstant, kDirectDebit };

inline std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kWire:
      return "wire";
    case Channel::kCard:
      return "card";
    case Channel::kCash:
      return "cash";
    case Channel::kInstant:
      return "instant";
    case Channel::kDirectDebit:
      return "direct_debit";
  }
  return "wire";
}

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_CHANNEL_H_
