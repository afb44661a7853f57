#include "engine/query/linked.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/query/identifiers.h"
#include "tests/query/test_store.h"

namespace moneytrail::query {
namespace {

using ::testing::ElementsAre;
using testing::Ids;
using ::testing::IsEmpty;
using testing::TestStore;

// "account@distance" in result order.
std::vector<std::string> Accounts(const LinkedResult& r) {
  std::vector<std::string> out;
  for (const LinkedAccount& a : r.accounts)
    out.push_back(a.account_id + "@" + std::to_string(a.distance));
  return out;
}

// "kind value (with...)" of one account's links.
std::vector<std::string> LinksOf(const LinkedResult& r, const std::string& account) {
  std::vector<std::string> out;
  for (const LinkedAccount& a : r.accounts) {
    if (a.account_id != account) continue;
    for (const Link& l : a.links) {
      std::string s = std::string(LinkKindName(l.kind)) + " " + l.value + " (";
      for (size_t i = 0; i < l.with.size(); ++i) s += (i ? " " : "") + l.with[i];
      out.push_back(s + ")");
    }
  }
  return out;
}

LinkedResult Query(const storage::Store& s, const std::string& id, size_t limit = 1000,
                   size_t max_parties = 20) {
  LinkOptions o;
  o.max_parties_per_identifier = max_parties;
  auto r = FindLinked(s, id, o, limit);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : LinkedResult{};
}

struct KindCase {
  const char* name;
  Ids first, second;
  const char* link;
};

class LinkedByKindTest : public ::testing::TestWithParam<KindCase> {};

TEST_P(LinkedByKindTest, PartiesSharingTheIdentifierLinkTheirAccounts) {
  const KindCase& c = GetParam();
  TestStore t;
  t.Party("P1", c.first)
      .Party("P2", c.second)
      .Party("P3",
             {"99999999R", "+44 7700 900000", "other@example.org", "Elm Road 1", "DEV-OTHER"});
  t.Account("ACC1", "P1").Account("ACC2", "P2").Account("ACC3", "P3");
  LinkedResult r = Query(t.Build(), "ACC1");
  EXPECT_THAT(Accounts(r), ElementsAre("ACC1@0", "ACC2@1"));
  EXPECT_THAT(LinksOf(r, "ACC1"), ElementsAre(std::string(c.link) + " (P2)"));
  EXPECT_THAT(LinksOf(r, "ACC2"), ElementsAre(std::string(c.link) + " (P1)"));
  EXPECT_EQ(r.party_id, "P1");
  EXPECT_EQ(r.parties, 2u);
}

INSTANTIATE_TEST_SUITE_P(EveryKind, LinkedByKindTest,
                         ::testing::Values(KindCase{"national_id",
                                                    {.national_id = "12.345.678-z"},
                                                    {.national_id = "12345678Z"},
                                                    "national_id 12345678Z"},
                                           KindCase{"phone",
                                                    {.phone = "+34 600-11 22 33"},
                                                    {.phone = "0034600112233"},
                                                    "phone 34600112233"},
                                           KindCase{"email",
                                                    {.email = " Ana.Ruiz@Example.COM "},
                                                    {.email = "ana.ruiz@example.com"},
                                                    "email ana.ruiz@example.com"},
                                           KindCase{"address",
                                                    {.address = "C/ MAYOR, 3 - 2º ÁVILA"},
                                                    {.address = "c/ Mayor 3, 2º  Ávila."},
                                                    "address c mayor 3 2º ávila"},
                                           KindCase{"device",
                                                    {.device = " DEV-9F3A "},
                                                    {.device = "dev-9f3a"},
                                                    "device dev-9f3a"}),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(LinkedTest, AccountsOfOneHolderAreLinked) {
  TestStore t;
  t.Party("P1").Account("ACC1", "P1").Account("ACC2", "P1").Account("ACC3", "P2");
  LinkedResult r = Query(t.Build(), "ACC2");
  EXPECT_THAT(Accounts(r), ElementsAre("ACC2@0", "ACC1@0"));  // the queried account first
  EXPECT_THAT(LinksOf(r, "ACC1"), ElementsAre("holder P1 (ACC2)"));
  EXPECT_THAT(LinksOf(r, "ACC2"), ElementsAre("holder P1 (ACC1)"));
}

TEST(LinkedTest, LinksAreTransitiveWithDistances) {
  TestStore t;
  t.Party("P1", {.phone = "600111222"})
      .Party("P2", {.phone = "600 111 222", .email = "x@y.es"})
      .Party("P3", {.email = "X@Y.ES", .device = "D1"})
      .Party("P4", {.device = "D2"})
      .Account("ACC1", "P1")
      .Account("ACC2", "P2")
      .Account("ACC3", "P3")
      .Account("ACC4", "P4");
  const storage::Store& s = t.Build();
  LinkedResult r = Query(s, "ACC1");
  EXPECT_THAT(Accounts(r), ElementsAre("ACC1@0", "ACC2@1", "ACC3@2"));
  EXPECT_THAT(LinksOf(r, "ACC2"), ElementsAre("phone 600111222 (P1)", "email x@y.es (P3)"));
  // From the other end of the chain, by party id.
  LinkedResult from_p3 = Query(s, "P3");
  EXPECT_EQ(from_p3.party_id, "P3");
  EXPECT_THAT(Accounts(from_p3), ElementsAre("ACC3@0", "ACC2@1", "ACC1@2"));
  EXPECT_THAT(Accounts(Query(s, "ACC4")), ElementsAre("ACC4@0"));
}

TEST(LinkedTest, AnIdentifierHeldByTooManyPartiesLinksNobodyAndIsListed) {
  TestStore t;
  for (const char* p : {"P1", "P2", "P3"}) t.Party(p, {.address = "Calle Falsa 123"});
  t.Party("P4", {.phone = "600000001", .address = "calle falsa, 123"})
      .Party("P5", {.phone = "600000001"});
  t.Account("ACC1", "P1").Account("ACC2", "P2").Account("ACC5", "P5");
  const storage::Store& s = t.Build();
  LinkedResult r = Query(s, "ACC1", 1000, 3);
  EXPECT_THAT(Accounts(r), ElementsAre("ACC1@0"));
  ASSERT_EQ(r.ignored.size(), 1u);
  EXPECT_EQ(r.ignored[0].kind, IdentifierKind::kAddress);
  EXPECT_EQ(r.ignored[0].value, "calle falsa 123");
  EXPECT_EQ(r.ignored[0].parties, 4u);
  // With a higher threshold the address links all four.
  EXPECT_THAT(Accounts(Query(s, "ACC1", 1000, 4)), ElementsAre("ACC1@0", "ACC2@1", "ACC5@2"));
}

TEST(LinkedTest, LimitCutsTheListAndSaysSo) {
  TestStore t;
  t.Party("P1").Account("ACC1", "P1").Account("ACC2", "P1").Account("ACC3", "P1");
  LinkedResult r = Query(t.Build(), "ACC3", 2);
  EXPECT_THAT(Accounts(r), ElementsAre("ACC3@0", "ACC1@0"));
  EXPECT_EQ(r.found, 3u);
  EXPECT_TRUE(r.truncated());
}

TEST(LinkedTest, AnAccountWithoutHolderIsAGroupOfOne) {
  TestStore t;
  t.Account("ACC1").Account("ACC2");
  LinkedResult r = Query(t.Build(), "ACC1");
  EXPECT_THAT(Accounts(r), ElementsAre("ACC1@0"));
  EXPECT_TRUE(r.party_id.empty());
}

TEST(LinkedTest, AHolderWithoutPartyRecordStillLinksItsAccounts) {
  TestStore t;
  t.Account("ACC1", "GHOST").Account("ACC2", "GHOST");
  LinkedResult r = Query(t.Build(), "GHOST");
  EXPECT_THAT(Accounts(r), ElementsAre("ACC1@0", "ACC2@0"));
  EXPECT_EQ(r.accounts[0].holder_name, "name of GHOST");
}

TEST(LinkedTest, UnknownIdIsNotFound) {
  TestStore t;
  t.Party("P1").Account("ACC1", "P1");
  auto r = FindLinked(t.Build(), "NOPE", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("'NOPE'"));
}

TEST(LinkedTest, AnIndexAnswersManyQueriesAndRejectsBadOptions) {
  TestStore t;
  t.Party("P1", {.phone = "600111222"}).Party("P2", {.phone = "600111222"});
  t.Account("ACC1", "P1").Account("ACC2", "P2");
  const storage::Store& s = t.Build();
  auto index = LinkIndex::Build(s, {});
  ASSERT_TRUE(index.ok());
  EXPECT_EQ((*index)->parties(), 2u);
  EXPECT_EQ((*index)->accounts(), 2u);
  EXPECT_EQ((*index)->Linked("ACC1")->found, 2u);
  EXPECT_EQ((*index)->Linked("ACC2")->found, 2u);
  EXPECT_EQ((*index)->Linked("ACC2", 0).status().code(), StatusCode::kUsage);
  LinkOptions bad;
  bad.max_parties_per_identifier = 1;
  EXPECT_EQ(LinkIndex::Build(s, bad).status().code(), StatusCode::kUsage);
}

TEST(IdentifiersTest, NormalisationKeepsOnlyWhatIdentifies) {
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kPhone, "+34 (600) 11-22-33"), "34600112233");
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kPhone, "12345"), "");  // too short
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kPhone, "n/a"), "");
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kEmail, "  A@B.C "), "a@b.c");
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kEmail, "unknown"), "");
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kNationalId, " x-1234567-l "), "X1234567L");
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kAddress, "  Plaza   ESPAÑA,, 1 "),
            "plaza españa 1");
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kAddress, "×"), "×");  // not a letter: kept
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kAddress, " ,.- "), "");
  EXPECT_EQ(NormalizeIdentifier(IdentifierKind::kDevice, " AbC "), "abc");
  for (IdentifierKind k : kIdentifierKinds) {
    EXPECT_EQ(NormalizeIdentifier(k, ""), "") << IdentifierKindName(k);
  }
}

TEST(IdentifiersTest, LinkKindNamesFollowThePartiesColumns) {
  EXPECT_EQ(LinkKindName(LinkKind::kHolder), "holder");
  EXPECT_EQ(LinkKindName(LinkKind::kNationalId), "national_id");
  EXPECT_EQ(LinkKindName(LinkKind::kDevice), "device");
}

}  // namespace
}  // namespace moneytrail::query
